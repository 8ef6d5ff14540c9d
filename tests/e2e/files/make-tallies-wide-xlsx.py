# Writes tallies-wide.xlsx, the workbook of one column per indicator that the first-week
# spec imports: a date column, an office column, indicators named in Chinese with their
# units in brackets, and a column the app does not know (负责人). Made once with openpyxl
# and committed; run `python3 make-tallies-wide-xlsx.py` to remake it.
import datetime
import openpyxl

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "八月"
sheet.append(["日期", "单位", "破获刑事案件（起）", "查处治安案件（起）", "出动警力（人次）", "负责人"])
sheet.append([datetime.date(2022, 8, 15), "GA", 3, 12, 40, "李"])
sheet.append([datetime.date(2022, 8, 16), "GA", 2, None, 35, "李"])
for cell in sheet["A"][1:]:
    cell.number_format = "yyyy-mm-dd"
book.save("tallies-wide.xlsx")
