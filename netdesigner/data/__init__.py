"""netdesigner.data: 2-D generators, feature maps, built-in image sets, importers.

NumPy only. Public API::

    list_datasets() -> list[DatasetInfo]
    dataset_info(name) -> DatasetInfo
    load_dataset(name, *, n_samples=None, noise=0, train_ratio=None, seed=0,
                 features=None, standardize=False, stats=None, **options) -> Dataset
    feature_map(points, features) -> (N, F) float32
    signed_labels(y) -> ±1 float32
    make_transform(preprocessing) -> function
    load_file(path, **settings) -> Dataset      (CSV, NPZ, IDX file or IDX folder)
    load_idx(images, labels), read_idx(path), load_npz(path), load_csv(path)
"""

from netdesigner.data.catalogue import DATASETS, dataset_info, list_datasets
from netdesigner.data.csvfile import load_csv
from netdesigner.data.dataset import DataError, Dataset, DatasetInfo, signed_labels
from netdesigner.data.features import DEFAULT_FEATURES, FEATURES, feature_map
from netdesigner.data.importers import load_idx, read_idx
from netdesigner.data.load import load_dataset, load_file
from netdesigner.data.npzfile import load_npz
from netdesigner.data.preprocess import make_transform

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
    "load_csv",
    "load_dataset",
    "load_file",
    "load_idx",
    "load_npz",
    "make_transform",
    "read_idx",
    "signed_labels",
]
