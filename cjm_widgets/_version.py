"""The package version, read by hatchling and by `cjm --version`."""

__version__ = "0.1.0"
