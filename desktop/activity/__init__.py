"""OS idle time, lock, sleep and focus, behind one interface. No widgets."""
