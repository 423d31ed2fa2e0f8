"""The use cases, one small function each, called by both front ends (window and command line): each
reads the store, asks the core or the booking engine, writes back. Imports no Qt."""
