"""The widgets: tray, availability window, sign-in. The only package importing QtWidgets."""
