"""Where pages live; absolute paths resolve the same from app.py and from AppTest's scripts."""
from pathlib import Path

VIEWS = Path(__file__).resolve().parent
OVERVIEW = str(VIEWS / "overview.py")
OUTLOOK = str(VIEWS / "outlook.py")
DEPARTMENT = str(VIEWS / "department.py")
DETAIL = str(VIEWS / "detail.py")
SUPERVISION = str(VIEWS / "supervision.py")
UPLOAD = str(VIEWS / "upload.py")
ADMIN = str(VIEWS / "admin.py")
PASSWORD = str(VIEWS / "password.py")
