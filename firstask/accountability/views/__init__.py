"""Pages of accountability: authorise and load, form, service, redirect."""
