"""CSV / Excel import and export of the directory (matters, outside agencies).

The file format is the one the Chinese office fills in: Chinese column headers
(columns.py, the one place they are defined), one row per matter, the required
materials in one cell separated by `；`. Import validates every row before it writes
anything, and writes everything in one transaction or nothing (importing.py).
"""
