"""What the tests and the benches share: child processes, a private desktop, servers, fakes.

Nothing here imports pytest at module level, so that the benches can use it too.
"""
