import csv
print("bonjour")
