"""Image-classification data for the adaptive-regime experiments (paper §V-B, Experiments 3-4).

The paper trains on MNIST :cite:`lecun1998gradient`. So that the book runs offline, the
default here is scikit-learn's *bundled* 8 × 8 handwritten digits (1797 images, no
download). Real MNIST is read from its IDX files in a directory. Nothing here ever
substitutes one data set for another silently: the returned :class:`Dataset` names what it
holds, and a missing MNIST raises :class:`FileNotFoundError` saying how to get it.

It also holds the paper's reported numbers (:func:`paper_table3`), quoted for the book's
side-by-side comparisons.

This module stands alone (it imports only ``radonbook.validate``). appendix sections: none
(data only).
"""

from __future__ import annotations

import gzip
import math
import os
import struct
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from radonbook import validate

__all__ = [
    "DATASETS",
    "MNIST_FILES",
    "PAPER_TABLE3_COLUMNS",
    "Dataset",
    "load_digits_dataset",
    "missing",
    "paper_table3",
    "read_idx",
    "write_idx",
]

DATASETS = ("digits", "mnist")

#: IDX file stems of MNIST (each may also be stored gzipped, with a ``.gz`` suffix).
MNIST_FILES = {
    "x_train": "train-images-idx3-ubyte",
    "y_train": "train-labels-idx1-ubyte",
    "x_test": "t10k-images-idx3-ubyte",
    "y_test": "t10k-labels-idx1-ubyte",
}

# IDX type codes -> big-endian numpy dtypes (LeCun's format description).
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


@dataclass(frozen=True)
class Dataset:
    """Train/test split of a flattened image-classification data set.

    Attributes
    ----------
    name : ``"digits"`` or ``"mnist"`` — the data set actually loaded.
    x_train, x_test : float64 arrays of shape (N, d), pixel values scaled to [0, 1]
        (float32 after :meth:`astype`).
    y_train, y_test : int64 arrays of shape (N,), class labels 0..9.
    image_shape : (height, width) of one image.
    source : human-readable description of where the data came from.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    image_shape: tuple[int, int]
    source: str

    def __str__(self) -> str:
        return (f"{self.name}: {len(self.y_train)} train / {len(self.y_test)} test images of "
                f"{self.image_shape[0]}×{self.image_shape[1]} pixels "
                f"(d = {self.x_train.shape[1]}); "
                f"source: {self.source}")

    def astype(self, dtype: str) -> Dataset:
        """The same data with the images ``x_train``, ``x_test`` in ``dtype``
        (``"float64"`` or ``"float32"``).

        A network trains on data of its own precision: converting a data set once to a
        single-precision network's type spares :func:`radonbook.training.train` the
        conversion at every call (at MNIST's size, 47 million values).
        """
        dtype = validate.choice(dtype, "dtype", validate.DTYPES)
        return replace(self, x_train=self.x_train.astype(dtype, copy=False),
                       x_test=self.x_test.astype(dtype, copy=False))


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one IDX file (optionally gzipped) into a numpy array.

    IDX layout: two zero bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
    0x0D float32, 0x0E float64), the number of dimensions ``k``, then ``k`` big-endian
    uint32 sizes, then the data in C order, big-endian.

    Parameters
    ----------
    path : file name; a name ending in ``.gz`` is decompressed.

    Returns
    -------
    numpy array of the stored shape, native byte order.

    Raises
    ------
    FileNotFoundError
        if ``path`` does not exist.
    ValueError
        if the header is malformed, the type code unknown or the data size wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file {str(path)!r} does not exist")
    opener = gzip.open if path.suffix == ".gz" else open
    # the header is read and checked first; then exactly the announced data (never more)
    with opener(path, "rb") as fh:
        magic = fh.read(4)
        if len(magic) < 4 or magic[0] != 0 or magic[1] != 0:
            raise ValueError(f"{str(path)!r} is not an IDX file: it must start with two zero "
                             "bytes")
        code, ndim = magic[2], magic[3]
        if code not in _IDX_DTYPES:
            raise ValueError(f"{str(path)!r}: unknown IDX type code 0x{code:02X}; valid codes "
                             "are " + ", ".join(f"0x{c:02X}" for c in _IDX_DTYPES))
        dims = fh.read(4 * ndim)
        if len(dims) < 4 * ndim:
            raise ValueError(f"{str(path)!r}: truncated IDX header ({ndim} dimensions "
                             "announced)")
        shape = struct.unpack(f">{ndim}I", dims)
        dtype = _IDX_DTYPES[code]
        n_items = math.prod(shape)
        validate.check_memory(n_items, f"the IDX file {str(path)!r} (header shape {shape})",
                              itemsize=2 * dtype.itemsize)
        expected = n_items * dtype.itemsize
        raw = fh.read(expected)
        extra = len(fh.read(1))
    if len(raw) != expected or extra:
        held = f"{len(raw)}" if not extra else f"more than {expected}"
        raise ValueError(f"{str(path)!r}: header announces shape {shape} ({expected} bytes of "
                         f"data) but the file holds {held} bytes")
    data = np.frombuffer(raw, dtype=dtype).reshape(shape)
    return data.astype(dtype.newbyteorder("="))


_IDX_CODES = {dt.newbyteorder("="): code for code, dt in _IDX_DTYPES.items()}


def write_idx(path: str | os.PathLike, array: np.ndarray) -> Path:
    """Write an array to one IDX file, the inverse of :func:`read_idx`.

    Layout: two zero bytes, the type code of the array's dtype (uint8 0x08, int8 0x09,
    int16 0x0B, int32 0x0C, float32 0x0D, float64 0x0E), the number of dimensions ``k``,
    the ``k`` sizes as big-endian uint32, then the data in C order, big-endian.

    Parameters
    ----------
    path : file name (written uncompressed).
    array : an array of one of the six IDX dtypes, 1 to 255 dimensions.

    Returns
    -------
    the path written.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if Path(path).is_dir():
        raise ValueError(f"path {str(path)!r} is a directory: give a file name")
    arr = np.asarray(array)
    native = arr.dtype.newbyteorder("=")
    if native not in _IDX_CODES:
        raise TypeError(f"array must have an IDX dtype (uint8, int8, int16, int32, float32, "
                        f"float64), got {arr.dtype}")
    if not 1 <= arr.ndim <= 255 or any(s >= 2**32 for s in arr.shape):
        raise ValueError(f"array must have 1 to 255 dimensions of size < 2**32, got shape "
                         f"{arr.shape}")
    path = Path(path)
    head = struct.pack(">BBBB", 0, 0, _IDX_CODES[native], arr.ndim)
    head += struct.pack(f">{arr.ndim}I", *arr.shape)
    path.write_bytes(head + np.ascontiguousarray(arr, dtype=native.newbyteorder(">")).tobytes())
    return path


def _find_idx(directory: Path, stem: str) -> Path | None:
    for sub in (directory, directory / "MNIST" / "raw", directory / "raw"):
        for name in (stem, stem + ".gz"):
            candidate = sub / name
            if candidate.is_file():
                return candidate
    return None


def _mnist_help(directory: Path | None, missing: list[str]) -> str:
    where = (f"in {str(directory)!r} (also looked in its MNIST/raw and raw subfolders)"
             if directory is not None else "because no directory was given")
    return (
        f"MNIST not found {where}; missing: {', '.join(missing)}. "
        "To use real MNIST, download the four IDX files (train-images-idx3-ubyte, "
        "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, gzipped or not) "
        "from a MNIST mirror, put them in one directory and pass it as path=... or set the "
        "environment variable RADONBOOK_DATA; or call load_digits_dataset('mnist', path, "
        "download=True) with torchvision installed and network access. The book itself runs "
        "on name='digits' (bundled with scikit-learn, no download)."
    )


def _mnist_dir(path: str | os.PathLike | None) -> Path | None:
    if path is None:
        path = os.environ.get("RADONBOOK_DATA") or None
    return Path(path).expanduser() if path is not None else None


def missing(name: str, path: str | os.PathLike | None = None) -> str | None:
    """Why :func:`load_digits_dataset` cannot load ``name`` here, or ``None`` if it can.

    ``"digits"`` ships with scikit-learn and is always there. ``"mnist"`` needs its four IDX
    files in ``path`` (default: the environment variable ``RADONBOOK_DATA``); the answer
    names the missing files and says how to get them. Nothing is read or downloaded.

    Parameters
    ----------
    name : one of ``DATASETS``.
    path : directory of the MNIST files (ignored for ``"digits"``).

    Returns
    -------
    str or None
    """
    if not isinstance(name, str) or name.lower() not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}, got {name!r}")
    if path is not None and not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a directory path or None, got {type(path).__name__}")
    if name.lower() == "digits":
        return None
    directory = _mnist_dir(path)
    absent = [stem for stem in MNIST_FILES.values()
              if directory is None or _find_idx(directory, stem) is None]
    return _mnist_help(directory, absent) if absent else None


def _load_mnist(path: str | os.PathLike | None, download: bool) -> Dataset:
    directory = _mnist_dir(path)
    if directory is not None and download:
        try:
            import torchvision  # noqa: F401  (optional: only for an explicit download)
        except ImportError as exc:
            raise ImportError("download=True needs torchvision (pip install torchvision); "
                              + _mnist_help(directory, list(MNIST_FILES.values()))) from exc
        from torchvision.datasets import MNIST

        MNIST(str(directory), train=True, download=True)
        MNIST(str(directory), train=False, download=True)
    if directory is None and download:
        raise ValueError("download=True needs a directory: pass path=... or set RADONBOOK_DATA")
    why = missing("mnist", directory)
    if why is not None:
        raise FileNotFoundError(why)
    files = {k: _find_idx(directory, stem) for k, stem in MNIST_FILES.items()}
    arrays = {k: read_idx(f) for k, f in files.items()}
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(f"MNIST {part} files have inconsistent shapes: images {x.shape}, "
                             f"labels {y.shape} (expected (N, H, W) and (N,))")
        bad = (y < 0) | (y > 9)
        if np.any(bad):
            raise ValueError(f"MNIST {part} labels must be digits 0..9; {int(bad.sum())} are "
                             f"not (e.g. {y[bad][0]})")
    if arrays["x_train"].shape[1:] != arrays["x_test"].shape[1:]:
        raise ValueError(f"MNIST train and test images differ in size: "
                         f"{arrays['x_train'].shape[1:]} and {arrays['x_test'].shape[1:]}")
    if arrays["x_train"].dtype != arrays["x_test"].dtype:
        raise ValueError(f"MNIST train and test images differ in type: "
                         f"{arrays['x_train'].dtype} and {arrays['x_test'].dtype}")
    h, w = arrays["x_train"].shape[1:]
    scale = 255.0 if arrays["x_train"].dtype == np.uint8 else 1.0
    return Dataset(
        name="mnist",
        x_train=arrays["x_train"].reshape(len(arrays["x_train"]), -1).astype(np.float64) / scale,
        y_train=arrays["y_train"].astype(np.int64),
        x_test=arrays["x_test"].reshape(len(arrays["x_test"]), -1).astype(np.float64) / scale,
        y_test=arrays["y_test"].astype(np.int64),
        image_shape=(int(h), int(w)),
        source=f"MNIST IDX files in {str(directory)!r}",
    )


def _load_digits(test_fraction: float, seed: int) -> Dataset:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    x = bunch.data.astype(np.float64) / 16.0
    y = bunch.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=test_fraction, random_state=seed,
                                              stratify=y)
    return Dataset(name="digits", x_train=x_tr, y_train=y_tr, x_test=x_te, y_test=y_te,
                   image_shape=(8, 8),
                   source="scikit-learn's bundled 8×8 digits (UCI optdigits test set), "
                          f"stratified split, test fraction {test_fraction}, seed {seed}")


def load_digits_dataset(name: str = "digits", path: str | os.PathLike | None = None, *,
                        test_fraction: float = 0.25, seed: int = 0,
                        download: bool = False) -> Dataset:
    """Load a handwritten-digit data set as flattened images in [0, 1] and integer labels.

    Parameters
    ----------
    name : ``"digits"`` (default: scikit-learn's bundled 8 × 8 digits, 1797 images, split
        into train/test with a stratified, seeded split) or ``"mnist"`` (the real 28 × 28
        MNIST, its own 60000/10000 split, read from IDX files).
    path : directory holding the four MNIST IDX files (``train-images-idx3-ubyte``, ...,
        optionally ``.gz``; a torchvision ``MNIST/raw`` layout is also found). Defaults to the
        environment variable ``RADONBOOK_DATA``. Ignored for ``"digits"``.
    test_fraction : fraction of the digits held out for testing, in (0, 1).
    seed : seed of the digits split.
    download : MNIST only: fetch the files into ``path`` through torchvision first (needs
        torchvision and network; never used by the book or the tests).

    Returns
    -------
    Dataset
        whose ``name`` and ``source`` say which data set was loaded.

    Raises
    ------
    ValueError
        unknown ``name`` (valid: ``DATASETS``) or ``test_fraction`` outside (0, 1).
    FileNotFoundError
        ``name="mnist"`` and the IDX files are not in ``path``; the message says how to get them.
    """
    if not isinstance(name, str) or name.lower() not in DATASETS:
        raise ValueError(f"name must be one of {DATASETS}, got {name!r}")
    name = name.lower()
    if name == "mnist":
        return _load_mnist(path, download)
    if not (isinstance(test_fraction, float | int) and 0 < test_fraction < 1):
        raise ValueError(f"test_fraction must be a number in (0, 1), got {test_fraction!r}")
    return _load_digits(float(test_fraction), int(seed))


# --- the paper's reported numbers, quoted for side-by-side comparisons -------------------

PAPER_TABLE3_COLUMNS = ("sparse_fourier", "ring_fourier", "hole", "doppler2d", "bumps2d")


def paper_table3() -> list[dict]:
    """The paper's Table III as transcribed (``paper_data/table3_kernel_fits.csv``).

    Train and test mean squared errors of minimum-norm kernel-regime fits at training MSE
    5e-8, per activation (rows in the paper's order) and target. A ``nan`` is the paper's
    "—" (the fit failed). ``variant`` numbers the paper's three Sinc and three Wavepacket
    rows, whose parameters did not survive (the book's stand-ins are
    ``radonbook.activations.PAPER_ACTIVATIONS``). These are quotations: compare with them,
    never fit to them.

    Returns
    -------
    list of dicts with keys ``activation``, ``variant`` and ``<target>_train``,
    ``<target>_test`` (floats) for the targets of ``PAPER_TABLE3_COLUMNS``.
    """
    import csv

    path = Path(__file__).parent / "paper_data" / "table3_kernel_fits.csv"
    rows = []
    with path.open(newline="") as fh:
        for raw in csv.DictReader(fh):
            row = {"activation": raw["activation"], "variant": raw["variant"]}
            for target in PAPER_TABLE3_COLUMNS:
                for split in ("train", "test"):
                    key = f"{target}_{split}"
                    row[key] = float(raw[key]) if raw[key] else float("nan")
            rows.append(row)
    return rows
