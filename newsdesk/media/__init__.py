"""Publisher images served from newsdesk's own origin.

Pages never point a reader's browser at a publisher's image server (no request leaves
for another origin, no tracking pixel, no mixed content). They link to signed URLs
under ``/media/``; the proxy behind them fetches the original once with the guarded
fetcher, accepts only what Pillow decodes as a real raster image, re-encodes it to a
few bounded WebP sizes and keeps them on disk. Refusals are remembered too, so a bad
image never reaches the network twice.
"""
