"""The client session: engines, local or server mode, shutdown order, one state. No widgets."""
