"""The use cases, one small function each, called by both front ends (window and command line); imports no Qt."""
