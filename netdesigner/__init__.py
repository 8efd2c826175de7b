"""NetDesigner: build, train and see neural networks.

Packages, with imports pointing down only::

    cli, gui  ->  design  ->  engine, data
"""

__version__ = "0.1.0"
