"""The only place an ANN library is imported; each adapter owns its knobs."""
