"""The KT Cloud Enterprise Cloud onboarding assistant: engine, settings and command line."""
