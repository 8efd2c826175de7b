"""The built-in data sets: importing this module files every one of them in
``registry.DATASETS``, Playground's six first, then the other 2-D sets, then the
image sets, then the detection set (``products``). The package
(``netdesigner.data``) imports it, so the registry is full wherever the package is
used; the registry itself imports none of these modules.
"""

from netdesigner.data import extra2d, images, playground, products
from netdesigner.data.registry import DATASETS, dataset_info, list_datasets

#: the modules whose decorators fill ``DATASETS``, in registration order
BUILTIN_MODULES = (playground, extra2d, images, products)

__all__ = ["BUILTIN_MODULES", "DATASETS", "dataset_info", "list_datasets"]
