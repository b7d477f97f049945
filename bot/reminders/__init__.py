"""Delivering reminders and daily digests: a timer over the reminder rows, and their sender."""
