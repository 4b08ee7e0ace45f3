"""What every process of one site shares: per-host politeness, leases and periodic marks."""
