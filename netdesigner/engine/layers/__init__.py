"""Layers, registered by their tf.keras class names."""
