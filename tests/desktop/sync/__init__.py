"""Tests of desktop.sync against the real server on loopback."""
