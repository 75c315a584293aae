"""Tests of radonbook.data: the bundled digits, the IDX reader and its error messages."""

import gzip
import struct

import numpy as np
import pytest

from radonbook import data


def write_idx(path, array, code):
    """Write ``array`` in LeCun's IDX format with ``struct`` (independent of the reader)."""
    dt = {0x08: ">u1", 0x0B: ">i2", 0x0D: ">f4", 0x0E: ">f8"}[code]
    header = struct.pack(">BBBB", 0, 0, code, array.ndim)
    header += struct.pack(">" + "I" * array.ndim, *array.shape)
    payload = header + np.ascontiguousarray(array, dtype=dt).tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as fh:
        fh.write(payload)


def make_mnist(directory, n_train=12, n_test=5, gz=False, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {
        "x_train": rng.integers(0, 256, (n_train, 28, 28)).astype(np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28)).astype(np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }
    directory.mkdir(parents=True, exist_ok=True)
    for key, stem in data.MNIST_FILES.items():
        write_idx(directory / (stem + (".gz" if gz else "")), arrays[key], 0x08)
    return arrays


def test_digits_default():
    ds = data.load_digits_dataset()
    assert ds.name == "digits" and ds.image_shape == (8, 8)
    assert ds.x_train.shape[1] == 64 and len(ds.x_train) + len(ds.x_test) == 1797
    assert ds.x_train.min() >= 0 and ds.x_train.max() <= 1
    assert set(np.unique(ds.y_train)) == set(range(10))
    assert len(ds.x_test) == pytest.approx(0.25 * 1797, abs=1)
    again = data.load_digits_dataset("digits", seed=0)
    np.testing.assert_array_equal(ds.x_train, again.x_train)
    assert "digits" in str(ds)


def test_astype_converts_the_images_only():
    ds = data.load_digits_dataset("digits", seed=0)
    d32 = ds.astype("float32")
    assert d32.x_train.dtype == np.float32 and d32.x_test.dtype == np.float32
    np.testing.assert_array_equal(d32.x_train, ds.x_train.astype(np.float32))
    np.testing.assert_array_equal(d32.x_test, ds.x_test.astype(np.float32))
    assert d32.y_train is ds.y_train and d32.name == ds.name
    assert ds.astype("float64").x_train is ds.x_train  # already float64: no copy
    assert ds.x_train.dtype == np.float64  # the original is unchanged
    with pytest.raises(ValueError, match="dtype"):
        ds.astype("float16")
    with pytest.raises(TypeError, match="dtype"):
        ds.astype(np.float32)


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"name must be one of \('digits', 'mnist'\)"):
        data.load_digits_dataset("cifar")
    with pytest.raises(ValueError, match="test_fraction"):
        data.load_digits_dataset("digits", test_fraction=1.5)


@pytest.mark.parametrize("code, dtype", [(0x08, np.uint8), (0x0B, np.int16),
                                         (0x0D, np.float32), (0x0E, np.float64)])
@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_roundtrip(tmp_path, code, dtype, gz):
    rng = np.random.default_rng(1)
    arr = (rng.integers(0, 200, (3, 4, 5)) - (50 if code == 0x0B else 0)).astype(dtype)
    path = tmp_path / ("a.idx" + (".gz" if gz else ""))
    write_idx(path, arr, code)
    out = data.read_idx(path)
    assert out.shape == (3, 4, 5) and out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out, arr)


def test_read_idx_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        data.read_idx(tmp_path / "nope")
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x01\x00\x08\x01" + struct.pack(">I", 2) + b"\x00\x00")
    with pytest.raises(ValueError, match="two zero bytes"):
        data.read_idx(bad)
    bad.write_bytes(b"\x00\x00\x07\x01" + struct.pack(">I", 2) + b"\x00\x00")
    with pytest.raises(ValueError, match="unknown IDX type code 0x07"):
        data.read_idx(bad)
    bad.write_bytes(b"\x00\x00\x08\x01" + struct.pack(">I", 5) + b"\x00\x00")
    with pytest.raises(ValueError, match="holds 2 bytes"):
        data.read_idx(bad)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_from_directory(tmp_path, gz):
    arrays = make_mnist(tmp_path, gz=gz)
    ds = data.load_digits_dataset("mnist", tmp_path)
    assert ds.name == "mnist" and ds.image_shape == (28, 28)
    assert ds.x_train.shape == (12, 784) and ds.x_test.shape == (5, 784)
    np.testing.assert_allclose(ds.x_train, arrays["x_train"].reshape(12, -1) / 255.0)
    np.testing.assert_array_equal(ds.y_test, arrays["y_test"])
    assert str(tmp_path) in ds.source


def test_mnist_env_and_torchvision_layout(tmp_path, monkeypatch):
    make_mnist(tmp_path / "MNIST" / "raw")
    monkeypatch.setenv("RADONBOOK_DATA", str(tmp_path))
    assert data.load_digits_dataset("mnist").name == "mnist"


def test_mnist_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("RADONBOOK_DATA", raising=False)
    with pytest.raises(FileNotFoundError, match="no directory was given") as info:
        data.load_digits_dataset("mnist")
    assert "RADONBOOK_DATA" in str(info.value) and "digits" in str(info.value)
    (tmp_path / data.MNIST_FILES["x_train"]).write_bytes(b"")
    with pytest.raises(FileNotFoundError, match="missing: train-labels-idx1-ubyte"):
        data.load_digits_dataset("mnist", tmp_path)
    with pytest.raises(ValueError, match="download=True needs a directory"):
        data.load_digits_dataset("mnist", download=True)


def test_missing_says_what_is_absent_without_reading(tmp_path, monkeypatch):
    monkeypatch.delenv("RADONBOOK_DATA", raising=False)
    assert data.missing("digits") is None
    assert "no directory was given" in data.missing("mnist")
    why = data.missing("mnist", tmp_path)
    assert all(stem in why for stem in data.MNIST_FILES.values())
    make_mnist(tmp_path / "raw", gz=True)
    assert data.missing("mnist", tmp_path) is None
    monkeypatch.setenv("RADONBOOK_DATA", str(tmp_path))
    assert data.missing("MNIST") is None
    with pytest.raises(ValueError, match="name must be one of"):
        data.missing("cifar")


def test_mnist_inconsistent_shapes(tmp_path):
    make_mnist(tmp_path)
    write_idx(tmp_path / data.MNIST_FILES["y_train"], np.zeros(3, np.uint8), 0x08)
    with pytest.raises(ValueError, match="inconsistent shapes"):
        data.load_digits_dataset("mnist", tmp_path)


def test_paper_table3_is_the_transcribed_table():
    rows = data.paper_table3()
    assert len(rows) == 16 and rows[0]["activation"] == "Step"
    assert [r["variant"] for r in rows if r["activation"] == "Sinc"] == ["1", "2", "3"]
    # the paper's "—" cells are NaN; every other training MSE is near the fixed 5e-8
    erf = next(r for r in rows if r["activation"] == "Erf")
    assert np.isnan(erf["sparse_fourier_train"]) and erf["hole_test"] == 8.75


# --- bad input (independent review) --------------------------------------------------------


def test_read_idx_checks_header_before_reading_data(tmp_path, monkeypatch):
    f = tmp_path / "big.gz"
    header = struct.pack(">BBBB", 0, 0, 0x08, 3) + struct.pack(">III", 100000, 1000, 1000)
    with gzip.open(f, "wb") as fh:
        fh.write(header + b"\x00" * 64)
    read_sizes = []
    real_open = gzip.open

    class Spy:
        def __init__(self, *a, **k):
            self.fh = real_open(*a, **k)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=-1):
            read_sizes.append(n)
            return self.fh.read(n)

    monkeypatch.setattr(data.gzip, "open", Spy)
    with pytest.raises(ValueError, match="GB"):
        data.read_idx(f)
    assert read_sizes == [4, 12]  # the header only, never the whole file


def test_read_idx_refuses_trailing_bytes(tmp_path):
    f = tmp_path / "x"
    write_idx(f, np.zeros((2, 3), np.uint8), 0x08)
    with open(f, "ab") as fh:
        fh.write(b"\x01")
    with pytest.raises(ValueError, match="more than 6"):
        data.read_idx(f)


def _mnist_dir(tmp_path, train_hw=(4, 4), test_hw=(4, 4), labels=(0, 1, 2)):
    n = len(labels)
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((n, *train_hw), np.uint8), 0x08)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.array(labels, np.uint8), 0x08)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", np.zeros((n, *test_hw), np.uint8), 0x08)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.array(labels, np.uint8), 0x08)
    return tmp_path


def test_mnist_refuses_mismatched_sizes_and_bad_labels(tmp_path):
    (tmp_path / "ok").mkdir()
    ok = data.load_digits_dataset("mnist", _mnist_dir(tmp_path / "ok"))
    assert ok.image_shape == (4, 4) and ok.y_train.tolist() == [0, 1, 2]
    (tmp_path / "size").mkdir()
    with pytest.raises(ValueError, match="differ in size"):
        data.load_digits_dataset("mnist", _mnist_dir(tmp_path / "size", test_hw=(5, 5)))
    (tmp_path / "lab").mkdir()
    with pytest.raises(ValueError, match=r"labels must be digits 0\.\.9.*200"):
        data.load_digits_dataset("mnist", _mnist_dir(tmp_path / "lab", labels=(0, 200, 3)))


def test_write_idx_round_trip_and_header(tmp_path):
    import struct

    from radonbook import data as dmod

    for arr in (np.arange(24, dtype=np.uint8).reshape(2, 3, 4),
                np.linspace(-1, 1, 6).reshape(3, 2),
                np.array([-3, 7], dtype=np.int16)):
        p = dmod.write_idx(tmp_path / "a", arr)
        raw = p.read_bytes()
        # the header written by hand: magic, then big-endian sizes
        head = struct.pack(">BBBB", 0, 0, {1: 0x08, 8: 0x0E, 2: 0x0B}[arr.itemsize],
                           arr.ndim) + struct.pack(f">{arr.ndim}I", *arr.shape)
        assert raw.startswith(head) and len(raw) == len(head) + arr.nbytes
        back = dmod.read_idx(p)
        assert back.dtype == arr.dtype and np.array_equal(back, arr)
    with pytest.raises(TypeError, match="array"):
        dmod.write_idx(tmp_path / "b", np.zeros(3, dtype=np.int64))
    with pytest.raises(ValueError, match="array"):
        dmod.write_idx(tmp_path / "c", np.float64(1.0))
