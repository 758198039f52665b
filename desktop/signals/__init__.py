"""Desktop signals beyond the keyboard: calls, the calendar and Do Not Disturb."""
