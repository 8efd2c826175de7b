"""netdesigner.data: 2-D generators, feature maps, built-in image sets, importers.

NumPy only. Public API::

    list_datasets() -> list[DatasetInfo]
    dataset_info(name) -> DatasetInfo
    load_dataset(name, *, n_samples=None, noise=0, train_ratio=None, seed=0,
                 features=None, standardize=False, stats=None, **options) -> Dataset
    feature_map(points, features) -> (N, F) float32
    signed_labels(y) -> ±1 float32
    make_transform(preprocessing) -> function
"""

from netdesigner.data.dataset import DataError, Dataset, DatasetInfo, signed_labels
from netdesigner.data.features import DEFAULT_FEATURES, FEATURES, feature_map
from netdesigner.data.load import load_dataset
from netdesigner.data.preprocess import make_transform
from netdesigner.data.registry import DATASETS, dataset_info, list_datasets

__all__ = [
    "DATASETS",
    "DEFAULT_FEATURES",
    "FEATURES",
    "DataError",
    "Dataset",
    "DatasetInfo",
    "dataset_info",
    "feature_map",
    "list_datasets",
    "load_dataset",
    "make_transform",
    "signed_labels",
]
