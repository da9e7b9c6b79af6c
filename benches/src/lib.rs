//! Benchmark workloads shared by the criterion benches and the callgrind runner.
