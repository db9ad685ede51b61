"""HTTP layer and web chat page."""
