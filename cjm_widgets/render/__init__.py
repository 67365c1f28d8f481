"""Renderers of layouts: static SVG (and PNG from it) and the live ipycanvas view."""
