"""The vpcegen benchmark (bench/run.py) and its synthetic estates (bench/estate.py)."""
