# GENERATED FILE - DO NOT EDIT BY HAND.
# Made by: uv run python scripts/generate_lunar_table.py
# Checked by: uv run python scripts/generate_lunar_table.py --check
# Source: PyEphem 4.2.1 (libastro VSOP87/ELP2000, its own ΔT): apparent
# new moons and principal solar terms, placed on civil days at UTC+7 (proleptic before
# 1968). How and why: docs/lunar-calendar.md.
"""Vietnamese lunar calendar, one row per lunar year (generated data, see the header)."""

FIRST_YEAR = 1899
LAST_YEAR = 2200
# Day after the last day of lunar year 2200 (2201-02-03 is the last day).
END_ORDINAL = 803568

# (proleptic ordinal of Tết = day 1 of month 1, leap month or 0, month lengths mask):
# bit i of the mask is set when the i-th month of the year in order (leap included)
# has 30 days. The comment spells the row out: Tết, leap month, lengths in order.
YEARS: tuple[tuple[int, int, int], ...] = (
    (693271,  0, 0b0101011010101),  # 1899 Kỷ Hợi     Tết 1899-02-10            LsLsLsLLsLsL
    (693626,  8, 0b1011011010010),  # 1900 Canh Tý    Tết 1900-01-31  leap  8  sLssLsLLsLLsL
    (694010,  0, 0b0011101010010),  # 1901 Tân Sửu    Tết 1901-02-19            sLssLsLsLLLs
    (694364,  0, 0b0011010100101),  # 1902 Nhâm Dần   Tết 1902-02-08            LsLssLsLsLLs
    (694718,  5, 0b1011001001011),  # 1903 Quý Mão    Tết 1903-01-28  leap  5  LLsLssLssLLsL
    (695102,  0, 0b0011001001011),  # 1904 Giáp Thìn  Tết 1904-02-16            LLsLssLssLLs
    (695456,  0, 0b0110010011011),  # 1905 Ất Tỵ      Tết 1905-02-04            LLsLLssLssLL
    (695811,  4, 0b1010101011010),  # 1906 Bính Ngọ   Tết 1906-01-25  leap  4  sLsLLsLsLsLsL
    (696195,  0, 0b0010101101010),  # 1907 Đinh Mùi   Tết 1907-02-13            sLsLsLLsLsLs
    (696549,  0, 0b0101101101001),  # 1908 Mậu Thân   Tết 1908-02-02            LssLsLLsLLsL
    (696904,  2, 0b1011101010010),  # 1909 Kỷ Dậu     Tết 1909-01-22  leap  2  sLssLsLsLLLsL
    (697288,  0, 0b0101101010010),  # 1910 Canh Tuất  Tết 1910-02-10            sLssLsLsLLsL
    (697642,  6, 0b1101100100101),  # 1911 Tân Hợi    Tết 1911-01-30  leap  6  LsLssLssLLsLL
    (698026,  0, 0b0101100100101),  # 1912 Nhâm Tý    Tết 1912-02-18            LsLssLssLLsL
    (698380,  0, 0b0101001001011),  # 1913 Quý Sửu    Tết 1913-02-06            LLsLssLssLsL
    (698734,  5, 0b1010010101011),  # 1914 Giáp Dần   Tết 1914-01-26  leap  5  LLsLsLsLssLsL
    (699118,  0, 0b0001010101101),  # 1915 Ất Mão     Tết 1915-02-14            LsLLsLsLsLss
    (699472,  0, 0b0010101101101),  # 1916 Bính Thìn  Tết 1916-02-03            LsLLsLLsLsLs
    (699827,  3, 0b0101101101001),  # 1917 Đinh Tỵ    Tết 1917-01-23  leap  3  LssLsLLsLLsLs
    (700211,  0, 0b0110110101001),  # 1918 Mậu Ngọ    Tết 1918-02-11            LssLsLsLLsLL
    (700566,  7, 0b1110110010010),  # 1919 Kỷ Mùi     Tết 1919-02-01  leap  7  sLssLssLLsLLL
    (700950,  0, 0b0111010010010),  # 1920 Canh Thân  Tết 1920-02-20            sLssLssLsLLL
    (701304,  0, 0b0110100100101),  # 1921 Tân Dậu    Tết 1921-02-08            LsLssLssLsLL
    (701658,  6, 0b1101001001101),  # 1922 Nhâm Tuất  Tết 1922-01-28  leap  6  LsLLssLssLsLL
    (702042,  0, 0b0101001010110),  # 1923 Quý Hợi    Tết 1923-02-16            sLLsLsLssLsL
    (702396,  0, 0b0001010110110),  # 1924 Giáp Tý    Tết 1924-02-05            sLLsLLsLsLss
    (702750,  4, 0b1010110110101),  # 1925 Ất Sửu     Tết 1925-01-24  leap  4  LsLsLLsLLsLsL
    (703135,  0, 0b0011011010100),  # 1926 Bính Dần   Tết 1926-02-13            ssLsLsLLsLLs
    (703489,  0, 0b0111010101001),  # 1927 Đinh Mão   Tết 1927-02-02            LssLsLsLsLLL
    (703844,  2, 0b1111010010010),  # 1928 Mậu Thìn   Tết 1928-01-23  leap  2  sLssLssLsLLLL
    (704228,  0, 0b0111010010010),  # 1929 Kỷ Tỵ      Tết 1929-02-10            sLssLssLsLLL
    (704582,  6, 0b0110100100110),  # 1930 Canh Ngọ   Tết 1930-01-30  leap  6  sLLssLssLsLLs
    (704965,  0, 0b0010100101011),  # 1931 Tân Mùi    Tết 1931-02-17            LLsLsLssLsLs
    (705319,  0, 0b0101001010111),  # 1932 Nhâm Thân  Tết 1932-02-06            LLLsLsLssLsL
    (705674,  5, 0b1010011010110),  # 1933 Quý Dậu    Tết 1933-01-26  leap  5  sLLsLsLLssLsL
    (706058,  0, 0b0001101011010),  # 1934 Giáp Tuất  Tết 1934-02-14            sLsLLsLsLLss
    (706412,  0, 0b0011011010101),  # 1935 Ất Hợi     Tết 1935-02-03            LsLsLsLLsLLs
    (706767,  3, 0b1011011001001),  # 1936 Bính Tý    Tết 1936-01-24  leap  3  LssLssLLsLLsL
    (707151,  0, 0b0011101001001),  # 1937 Đinh Sửu   Tết 1937-02-11            LssLssLsLLLs
    (707505,  8, 0b1011010010011),  # 1938 Mậu Dần    Tết 1938-01-31  leap  8  LLssLssLsLLsL
    (707889,  0, 0b0101010010101),  # 1939 Kỷ Mão     Tết 1939-02-19            LsLsLssLsLsL
    (708243,  0, 0b0010100101011),  # 1940 Canh Thìn  Tết 1940-02-08            LLsLsLssLsLs
    (708597,  6, 0b0101001011011),  # 1941 Tân Tỵ     Tết 1941-01-27  leap  6  LLsLLsLssLsLs
    (708981,  0, 0b0101010101101),  # 1942 Nhâm Ngọ   Tết 1942-02-15            LsLLsLsLsLsL
    (709336,  0, 0b0010101101010),  # 1943 Quý Mùi    Tết 1943-02-05            sLsLsLLsLsLs
    (709690,  4, 0b1101101100101),  # 1944 Giáp Thân  Tết 1944-01-25  leap  4  LsLssLLsLLsLL
    (710075,  0, 0b0101110100100),  # 1945 Ất Dậu     Tết 1945-02-13            ssLssLsLLLsL
    (710429,  0, 0b0101101001001),  # 1946 Bính Tuất  Tết 1946-02-02            LssLssLsLLsL
    (710783,  2, 0b1101010010101),  # 1947 Đinh Hợi   Tết 1947-01-22  leap  2  LsLsLssLsLsLL
    (711167,  0, 0b0101010010101),  # 1948 Mậu Tý     Tết 1948-02-10            LsLsLssLsLsL
    (711521,  7, 0b1010100101101),  # 1949 Kỷ Sửu     Tết 1949-01-29  leap  7  LsLLsLssLsLsL
    (711905,  0, 0b0010101010110),  # 1950 Canh Dần   Tết 1950-02-17            sLLsLsLsLsLs
    (712259,  0, 0b0101010110101),  # 1951 Tân Mão    Tết 1951-02-06            LsLsLLsLsLsL
    (712614,  5, 0b1010110101010),  # 1952 Nhâm Thìn  Tết 1952-01-27  leap  5  sLsLsLsLLsLsL
    (712998,  0, 0b0010111010010),  # 1953 Quý Tỵ     Tết 1953-02-14            sLssLsLLLsLs
    (713352,  0, 0b0110110100101),  # 1954 Giáp Ngọ   Tết 1954-02-03            LsLssLsLLsLL
    (713707,  3, 0b1110101001010),  # 1955 Ất Mùi     Tết 1955-01-24  leap  3  sLsLssLsLsLLL
    (714091,  0, 0b0111001001010),  # 1956 Bính Thân  Tết 1956-02-12            sLsLssLssLLL
    (714445,  8, 0b0110010010110),  # 1957 Đinh Dậu   Tết 1957-01-31  leap  8  sLLsLssLssLLs
    (714828,  0, 0b0101010010111),  # 1958 Mậu Tuất   Tết 1958-02-18            LLLsLssLsLsL
    (715183,  0, 0b0010101010110),  # 1959 Kỷ Hợi     Tết 1959-02-08            sLLsLsLsLsLs
    (715537,  6, 0b0101010110101),  # 1960 Canh Tý    Tết 1960-01-28  leap  6  LsLsLLsLsLsLs
    (715921,  0, 0b0101011011001),  # 1961 Tân Sửu    Tết 1961-02-15            LssLLsLLsLsL
    (716276,  0, 0b0011011010010),  # 1962 Nhâm Dần   Tết 1962-02-05            sLssLsLLsLLs
    (716630,  4, 0b0111010100101),  # 1963 Quý Mão    Tết 1963-01-25  leap  4  LsLssLsLsLLLs
    (717014,  0, 0b0011100100101),  # 1964 Giáp Thìn  Tết 1964-02-13            LsLssLssLLLs
    (717368,  0, 0b0011001001011),  # 1965 Ất Tỵ      Tết 1965-02-01            LLsLssLssLLs
    (717722,  3, 0b0110010010111),  # 1966 Bính Ngọ   Tết 1966-01-21  leap  3  LLLsLssLssLLs
    (718106,  0, 0b0010010011011),  # 1967 Đinh Mùi   Tết 1967-02-09            LLsLLssLssLs
    (718460,  7, 0b0010101011011),  # 1968 Mậu Thân   Tết 1968-01-29  leap  7  LLsLLsLsLsLss
    (718844,  0, 0b0010101101011),  # 1969 Kỷ Dậu     Tết 1969-02-16            LLsLsLLsLsLs
    (719199,  0, 0b0101101101001),  # 1970 Canh Tuất  Tết 1970-02-06            LssLsLLsLLsL
    (719554,  5, 0b1011101010010),  # 1971 Tân Hợi    Tết 1971-01-27  leap  5  sLssLsLsLLLsL
    (719938,  0, 0b0101101010010),  # 1972 Nhâm Tý    Tết 1972-02-15            sLssLsLsLLsL
    (720292,  0, 0b0101100100101),  # 1973 Quý Sửu    Tết 1973-02-03            LsLssLssLLsL
    (720646,  4, 0b1101001001011),  # 1974 Giáp Dần   Tết 1974-01-23  leap  4  LLsLssLssLsLL
    (721030,  0, 0b0101001001101),  # 1975 Ất Mão     Tết 1975-02-11            LsLLssLssLsL
    (721384,  8, 0b1010010101011),  # 1976 Bính Thìn  Tết 1976-01-31  leap  8  LLsLsLsLssLsL
    (721768,  0, 0b0001010101101),  # 1977 Đinh Tỵ    Tết 1977-02-18            LsLLsLsLsLss
    (722122,  0, 0b0010110101101),  # 1978 Mậu Ngọ    Tết 1978-02-07            LsLLsLsLLsLs
    (722477,  6, 0b0101101101010),  # 1979 Kỷ Mùi     Tết 1979-01-28  leap  6  sLsLsLLsLLsLs
    (722861,  0, 0b0110110101001),  # 1980 Canh Thân  Tết 1980-02-16            LssLsLsLLsLL
    (723216,  0, 0b0110110010010),  # 1981 Tân Dậu    Tết 1981-02-05            sLssLssLLsLL
    (723570,  4, 0b1110100100101),  # 1982 Nhâm Tuất  Tết 1982-01-25  leap  4  LsLssLssLsLLL
    (723954,  0, 0b0110100100101),  # 1983 Quý Hợi    Tết 1983-02-13            LsLssLssLsLL
    (724308,  0, 0b0101001010101),  # 1984 Giáp Tý    Tết 1984-02-02            LsLsLsLssLsL
    (724662,  2, 0b1010010101101),  # 1985 Ất Sửu     Tết 1985-01-21  leap  2  LsLLsLsLssLsL
    (725046,  0, 0b0010010110110),  # 1986 Bính Dần   Tết 1986-02-09            sLLsLLsLssLs
    (725400,  7, 0b0010110110101),  # 1987 Đinh Mão   Tết 1987-01-29  leap  7  LsLsLLsLLsLss
    (725784,  0, 0b0011011010101),  # 1988 Mậu Thìn   Tết 1988-02-17            LsLsLsLLsLLs
    (726139,  0, 0b0111011001001),  # 1989 Kỷ Tỵ      Tết 1989-02-06            LssLssLLsLLL
    (726494,  5, 0b1111010010010),  # 1990 Canh Ngọ   Tết 1990-01-27  leap  5  sLssLssLsLLLL
    (726878,  0, 0b0111010010010),  # 1991 Tân Mùi    Tết 1991-02-15            sLssLssLsLLL
    (727232,  0, 0b0110100100110),  # 1992 Nhâm Thân  Tết 1992-02-04            sLLssLssLsLL
    (727586,  3, 0b0101001010110),  # 1993 Quý Dậu    Tết 1993-01-23  leap  3  sLLsLsLssLsLs
    (727969,  0, 0b0101001010111),  # 1994 Giáp Tuất  Tết 1994-02-10            LLLsLsLssLsL
    (728324,  8, 0b1010101010110),  # 1995 Ất Hợi     Tết 1995-01-31  leap  8  sLLsLsLsLsLsL
    (728708,  0, 0b0010101101010),  # 1996 Bính Tý    Tết 1996-02-19            sLsLsLLsLsLs
    (729062,  0, 0b0101101010101),  # 1997 Đinh Sửu   Tết 1997-02-07            LsLsLsLsLLsL
    (729417,  5, 0b1011011001001),  # 1998 Mậu Dần    Tết 1998-01-28  leap  5  LssLssLLsLLsL
    (729801,  0, 0b0011101001001),  # 1999 Kỷ Mão     Tết 1999-02-16            LssLssLsLLLs
    (730155,  0, 0b0011010010011),  # 2000 Canh Thìn  Tết 2000-02-05            LLssLssLsLLs
    (730509,  4, 0b1010100101011),  # 2001 Tân Tỵ     Tết 2001-01-24  leap  4  LLsLsLssLsLsL
    (730893,  0, 0b0010100101011),  # 2002 Nhâm Ngọ   Tết 2002-02-12            LLsLsLssLsLs
    (731247,  0, 0b0101001011011),  # 2003 Quý Mùi    Tết 2003-02-01            LLsLLsLssLsL
    (731602,  2, 0b1010101011010),  # 2004 Giáp Thân  Tết 2004-01-22  leap  2  sLsLLsLsLsLsL
    (731986,  0, 0b0010101101010),  # 2005 Ất Dậu     Tết 2005-02-09            sLsLsLLsLsLs
    (732340,  7, 0b0101101100101),  # 2006 Bính Tuất  Tết 2006-01-29  leap  7  LsLssLLsLLsLs
    (732724,  0, 0b0101110100101),  # 2007 Đinh Hợi   Tết 2007-02-17            LsLssLsLLLsL
    (733079,  0, 0b0110101001001),  # 2008 Mậu Tý     Tết 2008-02-07            LssLssLsLsLL
    (733433,  5, 0b1101010010101),  # 2009 Kỷ Sửu     Tết 2009-01-26  leap  5  LsLsLssLsLsLL
    (733817,  0, 0b0101010010101),  # 2010 Canh Dần   Tết 2010-02-14            LsLsLssLsLsL
    (734171,  0, 0b0010100101101),  # 2011 Tân Mão    Tết 2011-02-03            LsLLsLssLsLs
    (734525,  4, 0b0101010101101),  # 2012 Nhâm Thìn  Tết 2012-01-23  leap  4  LsLLsLsLsLsLs
    (734909,  0, 0b0101010110101),  # 2013 Quý Tỵ     Tết 2013-02-10            LsLsLLsLsLsL
    (735264,  9, 0b1010110101010),  # 2014 Giáp Ngọ   Tết 2014-01-31  leap  9  sLsLsLsLLsLsL
    (735648,  0, 0b0010111010010),  # 2015 Ất Mùi     Tết 2015-02-19            sLssLsLLLsLs
    (736002,  0, 0b0110110100101),  # 2016 Bính Thân  Tết 2016-02-08            LsLssLsLLsLL
    (736357,  6, 0b1110101001010),  # 2017 Đinh Dậu   Tết 2017-01-28  leap  6  sLsLssLsLsLLL
    (736741,  0, 0b0111001001010),  # 2018 Mậu Tuất   Tết 2018-02-16            sLsLssLssLLL
    (737095,  0, 0b0110010010110),  # 2019 Kỷ Hợi     Tết 2019-02-05            sLLsLssLssLL
    (737449,  4, 0b1100100101110),  # 2020 Canh Tý    Tết 2020-01-25  leap  4  sLLLsLssLssLL
    (737833,  0, 0b0010101010110),  # 2021 Tân Sửu    Tết 2021-02-12            sLLsLsLsLsLs
    (738187,  0, 0b0101010110101),  # 2022 Nhâm Dần   Tết 2022-02-01            LsLsLLsLsLsL
    (738542,  2, 0b1010110110010),  # 2023 Quý Mão    Tết 2023-01-22  leap  2  sLssLLsLLsLsL
    (738926,  0, 0b0011011010010),  # 2024 Giáp Thìn  Tết 2024-02-10            sLssLsLLsLLs
    (739280,  6, 0b0111010100101),  # 2025 Ất Tỵ      Tết 2025-01-29  leap  6  LsLssLsLsLLLs
    (739664,  0, 0b0011100100101),  # 2026 Bính Ngọ   Tết 2026-02-17            LsLssLssLLLs
    (740018,  0, 0b0011001001011),  # 2027 Đinh Mùi   Tết 2027-02-06            LLsLssLssLLs
    (740372,  5, 0b0110010010111),  # 2028 Mậu Thân   Tết 2028-01-26  leap  5  LLLsLssLssLLs
    (740756,  0, 0b0010010101011),  # 2029 Kỷ Dậu     Tết 2029-02-13            LLsLsLsLssLs
    (741110,  0, 0b0010101011011),  # 2030 Canh Tuất  Tết 2030-02-02            LLsLLsLsLsLs
    (741465,  3, 0b0101011011010),  # 2031 Tân Hợi    Tết 2031-01-23  leap  3  sLsLLsLLsLsLs
    (741849,  0, 0b0101101101010),  # 2032 Nhâm Tý    Tết 2032-02-11            sLsLsLLsLLsL
    (742204, 11, 0b1011101010010),  # 2033 Quý Sửu    Tết 2033-01-31  leap 11  sLssLsLsLLLsL
    (742588,  0, 0b0101110010010),  # 2034 Giáp Dần   Tết 2034-02-19            sLssLssLLLsL
    (742942,  0, 0b0101100100101),  # 2035 Ất Mão     Tết 2035-02-08            LsLssLssLLsL
    (743296,  6, 0b1101001001011),  # 2036 Bính Thìn  Tết 2036-01-28  leap  6  LLsLssLssLsLL
    (743680,  0, 0b0101001001101),  # 2037 Đinh Tỵ    Tết 2037-02-15            LsLLssLssLsL
    (744034,  0, 0b0010010101101),  # 2038 Mậu Ngọ    Tết 2038-02-04            LsLLsLsLssLs
    (744388,  5, 0b0100101011011),  # 2039 Kỷ Mùi     Tết 2039-01-24  leap  5  LLsLLsLsLssLs
    (744772,  0, 0b0010110101101),  # 2040 Canh Thân  Tết 2040-02-12            LsLLsLsLLsLs
    (745127,  0, 0b0101110101010),  # 2041 Tân Dậu    Tết 2041-02-01            sLsLsLsLLLsL
    (745482,  2, 0b1101101010010),  # 2042 Nhâm Tuất  Tết 2042-01-22  leap  2  sLssLsLsLLsLL
    (745866,  0, 0b0110110010010),  # 2043 Quý Hợi    Tết 2043-02-10            sLssLssLLsLL
    (746220,  7, 0b1110100100101),  # 2044 Giáp Tý    Tết 2044-01-30  leap  7  LsLssLssLsLLL
    (746604,  0, 0b0110100100101),  # 2045 Ất Sửu     Tết 2045-02-17            LsLssLssLsLL
    (746958,  0, 0b0101001010101),  # 2046 Bính Dần   Tết 2046-02-06            LsLsLsLssLsL
    (747312,  5, 0b1010010101101),  # 2047 Đinh Mão   Tết 2047-01-26  leap  5  LsLLsLsLssLsL
    (747696,  0, 0b0010010110110),  # 2048 Mậu Thìn   Tết 2048-02-14            sLLsLLsLssLs
    (748050,  0, 0b0011010110101),  # 2049 Kỷ Tỵ      Tết 2049-02-02            LsLsLLsLsLLs
    (748405,  3, 0b0110110101010),  # 2050 Canh Ngọ   Tết 2050-01-23  leap  3  sLsLsLsLLsLLs
    (748789,  0, 0b0111011001010),  # 2051 Tân Mùi    Tết 2051-02-11            sLsLssLLsLLL
    (749144,  8, 0b0111010010010),  # 2052 Nhâm Thân  Tết 2052-02-01  leap  8  sLssLssLsLLLs
    (749527,  0, 0b0111010010011),  # 2053 Quý Dậu    Tết 2053-02-18            LLssLssLsLLL
    (749882,  0, 0b0110100100110),  # 2054 Giáp Tuất  Tết 2054-02-08            sLLssLssLsLL
    (750236,  6, 0b0101001010110),  # 2055 Ất Hợi     Tết 2055-01-28  leap  6  sLLsLsLssLsLs
    (750619,  0, 0b0101001011011),  # 2056 Bính Tý    Tết 2056-02-15            LLsLLsLssLsL
    (750974,  0, 0b0010101011010),  # 2057 Đinh Sửu   Tết 2057-02-04            sLsLLsLsLsLs
    (751328,  4, 0b0101011010101),  # 2058 Mậu Dần    Tết 2058-01-24  leap  4  LsLsLsLLsLsLs
    (751712,  0, 0b0101101010101),  # 2059 Kỷ Mão     Tết 2059-02-12            LsLsLsLsLLsL
    (752067,  0, 0b0011101001010),  # 2060 Canh Thìn  Tết 2060-02-02            sLsLssLsLLLs
    (752421,  3, 0b0111010010011),  # 2061 Tân Tỵ     Tết 2061-01-21  leap  3  LLssLssLsLLLs
    (752805,  0, 0b0101010010011),  # 2062 Nhâm Ngọ   Tết 2062-02-09            LLssLssLsLsL
    (753159,  7, 0b1010100101011),  # 2063 Quý Mùi    Tết 2063-01-29  leap  7  LLsLsLssLsLsL
    (753543,  0, 0b0010100101011),  # 2064 Giáp Thân  Tết 2064-02-17            LLsLsLssLsLs
    (753897,  0, 0b0101010011011),  # 2065 Ất Dậu     Tết 2065-02-05            LLsLLssLsLsL
    (754252,  5, 0b1010101011010),  # 2066 Bính Tuất  Tết 2066-01-26  leap  5  sLsLLsLsLsLsL
    (754636,  0, 0b0010101101010),  # 2067 Đinh Hợi   Tết 2067-02-14            sLsLsLLsLsLs
    (754990,  0, 0b0101101100101),  # 2068 Mậu Tý     Tết 2068-02-03            LsLssLLsLLsL
    (755345,  4, 0b1011101001010),  # 2069 Kỷ Sửu     Tết 2069-01-23  leap  4  sLsLssLsLLLsL
    (755729,  0, 0b0110101001010),  # 2070 Canh Dần   Tết 2070-02-11            sLsLssLsLsLL
    (756083,  8, 0b1101010010101),  # 2071 Tân Mão    Tết 2071-01-31  leap  8  LsLsLssLsLsLL
    (756467,  0, 0b0110010010101),  # 2072 Nhâm Thìn  Tết 2072-02-19            LsLsLssLssLL
    (756821,  0, 0b0100100101101),  # 2073 Quý Tỵ     Tết 2073-02-07            LsLLsLssLssL
    (757175,  6, 0b0101010101101),  # 2074 Giáp Ngọ   Tết 2074-01-27  leap  6  LsLLsLsLsLsLs
    (757559,  0, 0b0101010110101),  # 2075 Ất Mùi     Tết 2075-02-15            LsLsLLsLsLsL
    (757914,  0, 0b0010110101010),  # 2076 Bính Thân  Tết 2076-02-05            sLsLsLsLLsLs
    (758268,  4, 0b0110110100101),  # 2077 Đinh Dậu   Tết 2077-01-24  leap  4  LsLssLsLLsLLs
    (758652,  0, 0b0111010100101),  # 2078 Mậu Tuất   Tết 2078-02-12            LsLssLsLsLLL
    (759007,  0, 0b0110101001010),  # 2079 Kỷ Hợi     Tết 2079-02-02            sLsLssLsLsLL
    (759361,  3, 0b1110100010101),  # 2080 Canh Tý    Tết 2080-01-22  leap  3  LsLsLsssLsLLL
    (759745,  0, 0b0110010010110),  # 2081 Tân Sửu    Tết 2081-02-09            sLLsLssLssLL
    (760099,  7, 0b1100101010110),  # 2082 Nhâm Dần   Tết 2082-01-29  leap  7  sLLsLsLsLssLL
    (760483,  0, 0b0010101010110),  # 2083 Quý Mão    Tết 2083-02-17            sLLsLsLsLsLs
    (760837,  0, 0b0101010110101),  # 2084 Giáp Thìn  Tết 2084-02-06            LsLsLLsLsLsL
    (761192,  5, 0b1011010110100),  # 2085 Ất Tỵ      Tết 2085-01-26  leap  5  ssLsLLsLsLLsL
    (761576,  0, 0b0011011010100),  # 2086 Bính Ngọ   Tết 2086-02-14            ssLsLsLLsLLs
    (761930,  0, 0b0111010100101),  # 2087 Đinh Mùi   Tết 2087-02-03            LsLssLsLsLLL
    (762285,  4, 0b0111010001010),  # 2088 Mậu Thân   Tết 2088-01-24  leap  4  sLsLsssLsLLLs
    (762668,  0, 0b0011010001011),  # 2089 Kỷ Dậu     Tết 2089-02-10            LLsLsssLsLLs
    (763022,  8, 0b1010010010111),  # 2090 Canh Tuất  Tết 2090-01-30  leap  8  LLLsLssLssLsL
    (763406,  0, 0b0010010101011),  # 2091 Tân Hợi    Tết 2091-02-18            LLsLsLsLssLs
    (763760,  0, 0b0100101011011),  # 2092 Nhâm Tý    Tết 2092-02-07            LLsLLsLsLssL
    (764115,  6, 0b0101011011010),  # 2093 Quý Sửu    Tết 2093-01-27  leap  6  sLsLLsLLsLsLs
    (764499,  0, 0b0101101101010),  # 2094 Giáp Dần   Tết 2094-02-15            sLsLsLLsLLsL
    (764854,  0, 0b0011101010100),  # 2095 Ất Mão     Tết 2095-02-05            ssLsLsLsLLLs
    (765208,  4, 0b1011100100101),  # 2096 Bính Thìn  Tết 2096-01-25  leap  4  LsLssLssLLLsL
    (765592,  0, 0b0101101000101),  # 2097 Đinh Tỵ    Tết 2097-02-12            LsLsssLsLLsL
    (765946,  0, 0b0101010001011),  # 2098 Mậu Ngọ    Tết 2098-02-01            LLsLsssLsLsL
    (766300,  2, 0b1010100101011),  # 2099 Kỷ Mùi     Tết 2099-01-21  leap  2  LLsLsLssLsLsL
    (766684,  0, 0b0010010101101),  # 2100 Canh Thân  Tết 2100-02-09            LsLLsLsLssLs
    (767038,  7, 0b0100101101011),  # 2101 Tân Dậu    Tết 2101-01-29  leap  7  LLsLsLLsLssLs
    (767422,  0, 0b0010110110101),  # 2102 Nhâm Tuất  Tết 2102-02-17            LsLsLLsLLsLs
    (767777,  0, 0b0110110101010),  # 2103 Quý Hợi    Tết 2103-02-07            sLsLsLsLLsLL
    (768132,  5, 0b1101101010100),  # 2104 Giáp Tý    Tết 2104-01-28  leap  5  ssLsLsLsLLsLL
    (768516,  0, 0b0110110100010),  # 2105 Ất Sửu     Tết 2105-02-15            sLsssLsLLsLL
    (768870,  0, 0b0110101000101),  # 2106 Bính Dần   Tết 2106-02-04            LsLsssLsLsLL
    (769224,  4, 0b1101010001101),  # 2107 Đinh Mão   Tết 2107-01-24  leap  4  LsLLsssLsLsLL
    (769608,  0, 0b0101010010101),  # 2108 Mậu Thìn   Tết 2108-02-12            LsLsLssLsLsL
    (769962,  9, 0b1010010101101),  # 2109 Kỷ Tỵ      Tết 2109-01-31  leap  9  LsLLsLsLssLsL
    (770346,  0, 0b0010011010110),  # 2110 Canh Ngọ   Tết 2110-02-19            sLLsLsLLssLs
    (770700,  0, 0b0101010110101),  # 2111 Tân Mùi    Tết 2111-02-08            LsLsLLsLsLsL
    (771055,  6, 0b0110110101010),  # 2112 Nhâm Thân  Tết 2112-01-29  leap  6  sLsLsLsLLsLLs
    (771439,  0, 0b0111011001010),  # 2113 Quý Dậu    Tết 2113-02-16            sLsLssLLsLLL
    (771794,  0, 0b0111010100010),  # 2114 Giáp Tuất  Tết 2114-02-06            sLsssLsLsLLL
    (772148,  4, 0b1110101000110),  # 2115 Ất Hợi     Tết 2115-01-26  leap  4  sLLsssLsLsLLL
    (772532,  0, 0b0110101001010),  # 2116 Bính Tý    Tết 2116-02-14            sLsLssLsLsLL
    (772886,  0, 0b0101010010110),  # 2117 Đinh Sửu   Tết 2117-02-02            sLLsLssLsLsL
    (773240,  3, 0b1010100110110),  # 2118 Mậu Dần    Tết 2118-01-22  leap  3  sLLsLLssLsLsL
    (773624,  0, 0b0010101011010),  # 2119 Kỷ Mão     Tết 2119-02-10            sLsLLsLsLsLs
    (773978,  7, 0b0101011010101),  # 2120 Canh Thìn  Tết 2120-01-30  leap  7  LsLsLsLLsLsLs
    (774362,  0, 0b0101101100101),  # 2121 Tân Tỵ     Tết 2121-02-17            LsLssLLsLLsL
    (774717,  0, 0b0011101010010),  # 2122 Nhâm Ngọ   Tết 2122-02-07            sLssLsLsLLLs
    (775071,  5, 0b0111010100101),  # 2123 Quý Mùi    Tết 2123-01-27  leap  5  LsLssLsLsLLLs
    (775455,  0, 0b0101010100101),  # 2124 Giáp Thân  Tết 2124-02-15            LsLssLsLsLsL
    (775809,  0, 0b0010101001011),  # 2125 Ất Dậu     Tết 2125-02-03            LLsLssLsLsLs
    (776163,  4, 0b0101010010111),  # 2126 Bính Tuất  Tết 2126-01-23  leap  4  LLLsLssLsLsLs
    (776547,  0, 0b0101010101011),  # 2127 Đinh Hợi   Tết 2127-02-11            LLsLsLsLsLsL
    (776902, 11, 0b1010101011010),  # 2128 Mậu Tý     Tết 2128-02-01  leap 11  sLsLLsLsLsLsL
    (777286,  0, 0b0010101101010),  # 2129 Kỷ Sửu     Tết 2129-02-19            sLsLsLLsLsLs
    (777640,  0, 0b0101101101001),  # 2130 Canh Dần   Tết 2130-02-08            LssLsLLsLLsL
    (777995,  6, 0b1101101010010),  # 2131 Tân Mão    Tết 2131-01-29  leap  6  sLssLsLsLLsLL
    (778379,  0, 0b0110101010010),  # 2132 Nhâm Thìn  Tết 2132-02-17            sLssLsLsLsLL
    (778733,  0, 0b0101100010101),  # 2133 Quý Tỵ     Tết 2133-02-05            LsLsLsssLLsL
    (779087,  5, 0b1101001001011),  # 2134 Giáp Ngọ   Tết 2134-01-25  leap  5  LLsLssLssLsLL
    (779471,  0, 0b0100101001101),  # 2135 Ất Mùi     Tết 2135-02-13            LsLLssLsLssL
    (779825,  0, 0b0101010101101),  # 2136 Bính Thân  Tết 2136-02-02            LsLLsLsLsLsL
    (780180,  2, 0b1010101101010),  # 2137 Đinh Dậu   Tết 2137-01-22  leap  2  sLsLsLLsLsLsL
    (780564,  0, 0b0010110110010),  # 2138 Mậu Tuất   Tết 2138-02-10            sLssLLsLLsLs
    (780918,  7, 0b0110110101001),  # 2139 Kỷ Hợi     Tết 2139-01-30  leap  7  LssLsLsLLsLLs
    (781302,  0, 0b0111010101001),  # 2140 Canh Tý    Tết 2140-02-18            LssLsLsLsLLL
    (781657,  0, 0b0110110010010),  # 2141 Tân Sửu    Tết 2141-02-07            sLssLssLLsLL
    (782011,  5, 0b1110100010101),  # 2142 Nhâm Dần   Tết 2142-01-27  leap  5  LsLsLsssLsLLL
    (782395,  0, 0b0110100100110),  # 2143 Quý Mão    Tết 2143-02-15            sLLssLssLsLL
    (782749,  0, 0b0100101010110),  # 2144 Giáp Thìn  Tết 2144-02-04            sLLsLsLsLssL
    (783103,  4, 0b1001010101101),  # 2145 Ất Tỵ      Tết 2145-01-23  leap  4  LsLLsLsLsLssL
    (783487,  0, 0b0101011010110),  # 2146 Bính Ngọ   Tết 2146-02-11            sLLsLsLLsLsL
    (783842,  0, 0b0011011010100),  # 2147 Đinh Mùi   Tết 2147-02-01            ssLsLsLLsLLs
    (784196,  1, 0b0110110101001),  # 2148 Mậu Thân   Tết 2148-01-21  leap  1  LssLsLsLLsLLs
    (784580,  0, 0b0111010101001),  # 2149 Kỷ Dậu     Tết 2149-02-08            LssLsLsLsLLL
    (784935,  6, 0b0111010010010),  # 2150 Canh Tuất  Tết 2150-01-29  leap  6  sLssLssLsLLLs
    (785318,  0, 0b0011010001011),  # 2151 Tân Hợi    Tết 2151-02-16            LLsLsssLsLLs
    (785672,  0, 0b0010100100111),  # 2152 Nhâm Tý    Tết 2152-02-05            LLLssLssLsLs
    (786026,  5, 0b0100101010111),  # 2153 Quý Sửu    Tết 2153-01-24  leap  5  LLLsLsLsLssLs
    (786410,  0, 0b0100101011011),  # 2154 Giáp Dần   Tết 2154-02-12            LLsLLsLsLssL
    (786765,  0, 0b0101011011010),  # 2155 Ất Mão     Tết 2155-02-02            sLsLLsLLsLsL
    (787120,  3, 0b1011011010100),  # 2156 Bính Thìn  Tết 2156-01-23  leap  3  ssLsLsLLsLLsL
    (787504,  0, 0b0011101010100),  # 2157 Đinh Tỵ    Tết 2157-02-10            ssLsLsLsLLLs
    (787858,  7, 0b1011101001001),  # 2158 Mậu Ngọ    Tết 2158-01-30  leap  7  LssLssLsLLLsL
    (788242,  0, 0b0101101001001),  # 2159 Kỷ Mùi     Tết 2159-02-18            LssLssLsLLsL
    (788596,  0, 0b0101010010011),  # 2160 Canh Thân  Tết 2160-02-07            LLssLssLsLsL
    (788950,  6, 0b1010100101011),  # 2161 Tân Dậu    Tết 2161-01-26  leap  6  LLsLsLssLsLsL
    (789334,  0, 0b0010100101101),  # 2162 Nhâm Tuất  Tết 2162-02-14            LsLLsLssLsLs
    (789688,  0, 0b0100101101101),  # 2163 Quý Hợi    Tết 2163-02-03            LsLLsLLsLssL
    (790043,  4, 0b1001101101010),  # 2164 Giáp Tý    Tết 2164-01-24  leap  4  sLsLsLLsLLssL
    (790427,  0, 0b0110110101010),  # 2165 Ất Sửu     Tết 2165-02-11            sLsLsLsLLsLL
    (790782, 10, 0b1101110100100),  # 2166 Bính Dần   Tết 2166-02-01  leap 10  ssLssLsLLLsLL
    (791166,  0, 0b0110110100100),  # 2167 Đinh Mão   Tết 2167-02-20            ssLssLsLLsLL
    (791520,  0, 0b0110101001001),  # 2168 Mậu Thìn   Tết 2168-02-09            LssLssLsLsLL
    (791874,  6, 0b1101010010101),  # 2169 Kỷ Tỵ      Tết 2169-01-28  leap  6  LsLsLssLsLsLL
    (792258,  0, 0b0101010010110),  # 2170 Canh Ngọ   Tết 2170-02-16            sLLsLssLsLsL
    (792612,  0, 0b0010100101110),  # 2171 Tân Mùi    Tết 2171-02-05            sLLLsLssLsLs
    (792966,  5, 0b0101010101101),  # 2172 Nhâm Thân  Tết 2172-01-25  leap  5  LsLLsLsLsLsLs
    (793350,  0, 0b0101010110101),  # 2173 Quý Dậu    Tết 2173-02-12            LsLsLLsLsLsL
    (793705,  0, 0b0010110101010),  # 2174 Giáp Tuất  Tết 2174-02-02            sLsLsLsLLsLs
    (794059,  3, 0b1110110100101),  # 2175 Ất Hợi     Tết 2175-01-22  leap  3  LsLssLsLLsLLL
    (794444,  0, 0b0111010100100),  # 2176 Bính Tý    Tết 2176-02-11            ssLssLsLsLLL
    (794798,  7, 0b1110101001010),  # 2177 Đinh Sửu   Tết 2177-01-30  leap  7  sLsLssLsLsLLL
    (795182,  0, 0b0110101001010),  # 2178 Mậu Dần    Tết 2178-02-18            sLsLssLsLsLL
    (795536,  0, 0b0101010010110),  # 2179 Kỷ Mão     Tết 2179-02-07            sLLsLssLsLsL
    (795890,  6, 0b1010100110110),  # 2180 Canh Thìn  Tết 2180-01-27  leap  6  sLLsLLssLsLsL
    (796274,  0, 0b0010101011010),  # 2181 Tân Tỵ     Tết 2181-02-14            sLsLLsLsLsLs
    (796628,  0, 0b0101011010101),  # 2182 Nhâm Ngọ   Tết 2182-02-03            LsLsLsLLsLsL
    (796983,  4, 0b1011011001010),  # 2183 Quý Mùi    Tết 2183-01-24  leap  4  sLsLssLLsLLsL
    (797367,  0, 0b0011101010010),  # 2184 Giáp Thân  Tết 2184-02-12            sLssLsLsLLLs
    (797721,  0, 0b0111010100101),  # 2185 Ất Dậu     Tết 2185-01-31            LsLssLsLsLLL
    (798076,  2, 0b1011001001010),  # 2186 Bính Tuất  Tết 2186-01-21  leap  2  sLsLssLssLLsL
    (798459,  0, 0b0011001001011),  # 2187 Đinh Hợi   Tết 2187-02-08            LLsLssLssLLs
    (798813,  6, 0b0101010010111),  # 2188 Mậu Tý     Tết 2188-01-28  leap  6  LLLsLssLsLsLs
    (799197,  0, 0b0101010101011),  # 2189 Kỷ Sửu     Tết 2189-02-15            LLsLsLsLsLsL
    (799552,  0, 0b0010101011010),  # 2190 Canh Dần   Tết 2190-02-05            sLsLLsLsLsLs
    (799906,  5, 0b0101101010101),  # 2191 Tân Mão    Tết 2191-01-25  leap  5  LsLsLsLsLLsLs
    (800290,  0, 0b0101110101001),  # 2192 Nhâm Thìn  Tết 2192-02-13            LssLsLsLLLsL
    (800645,  0, 0b0101101010010),  # 2193 Quý Tỵ     Tết 2193-02-02            sLssLsLsLLsL
    (800999,  3, 0b1101100100101),  # 2194 Giáp Ngọ   Tết 2194-01-22  leap  3  LsLssLssLLsLL
    (801383,  0, 0b0101100100101),  # 2195 Ất Mùi     Tết 2195-02-10            LsLssLssLLsL
    (801737,  7, 0b1101001001011),  # 2196 Bính Thân  Tết 2196-01-30  leap  7  LLsLssLssLsLL
    (802121,  0, 0b0101001001101),  # 2197 Đinh Dậu   Tết 2197-02-17            LsLLssLssLsL
    (802475,  0, 0b0001010101101),  # 2198 Mậu Tuất   Tết 2198-02-06            LsLLsLsLsLss
    (802829,  6, 0b1010101101011),  # 2199 Kỷ Hợi     Tết 2199-01-26  leap  6  LLsLsLLsLsLsL
    (803214,  0, 0b0010110110100),  # 2200 Canh Tý    Tết 2200-02-15            ssLsLLsLLsLs
)
