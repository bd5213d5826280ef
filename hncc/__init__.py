"""hncc: track the plans of Hanoi's People's Committee, kept as plain YAML files."""

__version__ = "0.1.0"
