"""Real-browser tests: JupyterLab started by the tests, driven by Playwright + Debian's chromium."""
