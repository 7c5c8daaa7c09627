// Placeholder until the snippet lands: the SDK owner replaces this file.
