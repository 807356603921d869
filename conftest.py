# Fixtures shared by every app's tests and the project-level tests in tests/.
pytest_plugins = ["kith.testing.fixtures"]
