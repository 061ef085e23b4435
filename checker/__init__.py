"""consent-checker: does a web page respect cookie consent?"""

__version__ = "0.1.0"
