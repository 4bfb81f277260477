"""Files in and out of the journal: pure functions over core objects, no TUI."""
