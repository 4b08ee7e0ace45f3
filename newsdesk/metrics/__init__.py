"""What an operator watches: Prometheus metrics, samples over time, server-side charts."""
