"""netdesigner.gui: the desktop editor (the only package that imports Qt).

``app.run_gui(path)`` starts it. ``document.Document`` owns the design and its undo
stack; ``commands`` holds one ``QUndoCommand`` per kind of edit; ``canvas`` draws the
design and turns gestures into document edits; ``palette``, ``properties`` and
``problems`` are the dock panels; ``main_window`` ties them together and offers
extension points (``add_dock``, ``training_toolbar``, ``export_menu``).
"""
