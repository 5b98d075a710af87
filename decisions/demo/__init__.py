"""Clearly synthetic data at the RCM's real size and multiples of it, for benchmarks and demonstrations."""
