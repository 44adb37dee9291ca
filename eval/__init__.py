"""Question sets, metrics and reports. Drives the service from outside: the
product never imports this package."""
