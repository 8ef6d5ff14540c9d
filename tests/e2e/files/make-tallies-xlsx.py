# Writes tallies.xlsx, the workbook the tally import spec reads: Chinese headers, real date
# cells, office codes and names, metric labels and keys, and one bad row (a negative count).
# Made once with openpyxl and committed; run `python3 make-tallies-xlsx.py` to remake it.
import datetime
import openpyxl

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "八月统计"
sheet.append(["日期", "单位", "指标", "数值", "备注"])
rows = [
    (datetime.date(2022, 8, 15), "GA", "抓获犯罪嫌疑人", 5, ""),
    (datetime.date(2022, 8, 16), "GA", "抓获犯罪嫌疑人", 7, ""),
    (datetime.date(2022, 8, 16), "市公安局", "police_deployed", 120, "夜间巡逻"),
    (datetime.date(2022, 8, 17), "GA", "出动警力", -3, "录错了"),
    (datetime.date(2022, 8, 18), "GA", "走访群众户数", 340, ""),
]
for row in rows:
    sheet.append(list(row))
for cell in sheet["A"][1:]:
    cell.number_format = "yyyy-mm-dd"
book.save("tallies.xlsx")
