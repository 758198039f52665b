"""Tests of the desktop client."""
