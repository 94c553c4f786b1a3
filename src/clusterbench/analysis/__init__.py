"""The analysis core: pure functions over plain data, no Django imports."""
