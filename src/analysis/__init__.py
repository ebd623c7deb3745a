"""zone-analysis: reproducible briefings on the 2025 targets of 魏县经济开发区."""
__version__ = "0.1.0"
