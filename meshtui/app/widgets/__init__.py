"""Widgets that hold their own reactive state and post messages up."""
