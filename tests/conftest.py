import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
# pytest runs two workers (``-n 2``) on machines with two cores, and each worker starts
# notebook kernels: one BLAS/OpenMP thread per process keeps the cores from being
# oversubscribed (threads spinning against each other slow small SVDs a hundredfold).
# Kernels inherit these; set any of them to override.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
sys.path.insert(0, str(Path(__file__).parent))  # test helpers (browser.py)
