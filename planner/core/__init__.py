"""The scheduling core: plain data and rules, no Qt."""
