"""The Google Reader API subset that phone and desktop readers speak (NetNewsWire,
Reeder, Read You, FeedMe): log in, list subscriptions and folders, read streams,
mark items read or starred."""
