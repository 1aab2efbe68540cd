"""Running the process: settings, logs, health, index reloads, the work queue."""
