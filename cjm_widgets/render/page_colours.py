"""The colours of the app's HTML parts (status line, messages, hints, the card editor):
JupyterLab's CSS variables, so they follow its light and dark themes (and Voilà's),
each with the light theme's colour where no JupyterLab style sheet sets them."""

from __future__ import annotations

ERROR = "var(--jp-error-color1, #B8420F)"
"""A refused value, a failed save, a conflict."""

MUTED = "var(--jp-ui-font-color2, #5C5C5C)"
"""Hints and secondary text."""

TEXT = "var(--jp-ui-font-color1, #1A1A1A)"
"""Plain text that reports that all is well (the file was saved)."""

PAPER = "var(--jp-layout-color0, #FFFFFF)"
"""The page's own background (the presentation, the floating card editor)."""

RULE = "var(--jp-border-color1, #D0D3D9)"
"""Frames and rules."""

ACCENT = "var(--jp-brand-color1, #0072B2)"
"""The frame of what is being edited."""
