"""Each declaration profile's workbook read back as the vendor's importer reads it: every heading
in order (typed here from the sources, not read from the profile files), header rows, and the
cells of a BHXH 12-month sign-up, a 60-month prepayment, a three-person BHYT household and an
island-zone person (tests/declaring.py)."""

import io
from datetime import datetime

import pytest
from declaring import PERIOD, QUERY, declaring_village, set_up_commune
from openpyxl import load_workbook

from agent_app.declarations import profile

EBH_BHXH = [
    "STT", "Phương án (Xem chi tiết theo link) (*)", "Họ và tên (*)", "Mã số BHXH", "Số Sổ BHXH",
    "Ngày sinh", "Chỉ có năm sinh (Có/Không )", "Giới tính\n(Nam/Nữ)", "Dân tộc", "Quốc tịch",
    "Nơi cấp giấy khai sinh (*)", "Địa chỉ liên hệ (*)", "Tỉnh KCB", "Bệnh viện",
    "Mức tiền làm căn cứ đóng (*)\n(Nếu để trống và có nhập Hệ số chương trình sẽ tự động tính"
    " giá trị)",
    "Phương thức đóng (*)", "Lãi suất đầu tư quỹ BHXH bình quân trên năm (%)", "Số tháng đóng(*)",
    "Từ tháng năm(*)",
    "Tổng số tiền đóng\n(=Mức tiền căn cứ đóng x Số tháng đóng x Tỷ lệ đóng) - Lãi\n(Nếu để trống"
    " phần mềm tự động tính giá trị căn cứ vào phương thức đóng)",
    "Tổng số tiền NTG đóng\n(=Mức tiền làm căn cứ đóng * Số tháng đóng * Tỷ lệ đóng - Số tiền NSNN"
    " hỗ trợ - Số tiền NSĐP hỗ trợ - Số tiền hỗ trợ khác)\n(Nếu để trống phần mềm tự động tính giá"
    " trị với phương thức đóng 1/3/6/12 tháng)",
    "Tỷ lệ NSNN hỗ trợ (%)",
    "Số tiền NSNN Hỗ trợ\n(Nếu để trống phần mềm tự động tính giá trị căn cứ vào phương thức đóng)",
    "Tỷ lệ đóng (*)\n(Nếu để trống mặc định hiển thị là 22%)",
    "Hệ số\n=(Mức tiền làm căn cứ đóng - Mức chuẩn hộ nghèo của khu vực nông thôn)/50.000\n(Nếu để"
    " trống và có nhập Mức tiền làm căn cứ đóng phần mềm sẽ tự động tính giá trị)",
    "Tỷ lệ NSĐP hỗ trợ (%)",
    "Số tiền NSĐP hỗ trợ\n(tự động tính giá trị nếu nhập tỷ lệ NSĐP căn cứ vào phương thức đóng)",
    "Tỷ lệ hỗ trợ khác",
    "Tiền hỗ trợ khác\n(tự động tính giá trị nếu nhập tỷ lệ hỗ trợ khác căn cứ vào phương thức"
    " đóng)",
    "Ghi chú", "Số điện thoại", "Số CMND/Hộ chiếu/Thẻ căn cước", "Mã hộ gia đình", "Nhân viên thu",
    "Mã nhân viên thu", "Ngày biên lai", "Số biên lai",
]
EBH_BHYT = [
    "STT", "Phương án (Xem chi tiết theo link) (*)", "Họ và tên (*)", "Mã số BHXH", "Số Sổ BHXH",
    "Đã có sổ\n(Có/Không)", "Ngày sinh", "Chỉ có năm sinh (Có/Không )", "Giới tính\n(Nam/Nữ)",
    "Mã vùng sinh sống (Xem chi tiết theo link)", "Dân tộc", "Quốc tịch",
    "Nơi cấp giấy khai sinh (*)", "Địa chỉ liên hệ (*)", "Tỉnh KCB", "Bệnh viện",
    "Tỷ lệ đóng BHYT(%)", "Thời hạn sử dụng thẻ BHYT, từ ngày", "Số tháng", "Mức đóng HGĐ",
    "Số tiền đóng(=Lương cơ sở*mức đóng HGĐ)",
    "Mức tiền đóng(=Số tiền đóng*Số tháng*Tỷ lệ đóng BHYT)", "Số biên lai", "Ngày biên lai",
    "Ghi chú", "Số CMT", "Hộ gia đình", "Mức hưởng BHYT(*)", "Số điện thoại", "Mã hộ gia đình",
    "Nhân viên thu", "Mã nhân viên thu",
]
INCOME, GROSS, PAYS, STATE, RATE, COEFFICIENT, LOCAL = (EBH_BHXH[i] for i in (14, 19, 20, 22, 23,
                                                                            24, 26))
VNPT_BHXH = [
    "ID Lao động", "Họ tên", "Mã số BHXH", "Loại khai báo", "Phương án", "Mức tiền đóng",
    "Từ tháng", "Số tháng", "Tỷ lệ đóng (%)", "Tỷ lệ NSNN hỗ trợ (%)", "Tiền NSNN hỗ trợ",
    "Tỷ lệ NSDP (%)", "Tiền NSDP", "Tỷ lệ hỗ trợ khác (%)", "Tiền hỗ trợ khác",
    "Tiền tự nguyện đóng", "Tổng tiền đóng", "Tỉnh - Địa chỉ đang sinh sống",
    "Mã tỉnh - Địa chỉ đang sinh sống", "Huyện - Địa chỉ đang sinh sống",
    "Huyện - Địa chỉ đang sinh sống", "Xã - Địa chỉ đang sinh sống",
    "Mã xã - Địa chỉ đang sinh sống", "Địa chỉ đang sinh sống", "Ghi chú", "Phương thức đóng",
    "Hệ số (%)", "Bổ sung thêm TK1", "CMND", "Mã hộ gia đình", "Ngày sinh", "Giới tính",
    "Quốc tịch", "Mã quốc tịch", "Dân tộc", "Mã Dân tộc", "Tỉnh - Bệnh viện",
    "Mã Tỉnh - Bệnh viện", "Bệnh viện (KCB ban đầu)", "Mã Bệnh viện", "Tỉnh - Khai sinh",
    "Mã Tỉnh - Khai sinh", "Huyện - Khai sinh", "Mã huyện - Khai sinh", "Xã - Khai sinh",
    "Mã xã - Khai sinh", "Tỉnh - Địa chỉ liên hệ", "Mã tỉnh - Địa chỉ liên hệ",
    "Huyện - Địa chỉ liên hệ", "Huyện - Địa chỉ liên hệ", "Xã - Địa chỉ liên hệ",
    "Mã xã - Địa chỉ liên hệ", "Địa chỉ nhận hồ sơ", "Tên cha/mẹ/người giám hộ",
    "Điện thoại liên hệ", "Mức tiền đóng", "Nội dung yêu cầu thay đổi", "Hồ sơ kèm theo",
    "Email liên hệ", "Địa chỉ khai sinh",
]
VNPT_BHYT = [
    "ID Lao động", "Họ tên", "Mã số BHXH", "Mã phòng ban", "Loại khai báo", "Phương án",
    "Tỷ lệ NSDP", "Ngày biên lai", "Số biên lai", "Người tham gia thứ", "Mức tiền đóng",
    "Số tiền thực tế", "Mức hưởng BHYT", "Từ ngày", "Ngày chết", "Hỗ trợ khác",
    "Tỉnh đang sinh sống", "Mã tỉnh đang sinh sống", "Huyện đang sinh sống",
    "Mã huyện đang sinh sống", "Xã đang sinh sống", "Mã xã đang sinh sống",
    "Địa chỉ đang sinh sống", "Số tháng", "Ghi chú", "Ngày sinh", "Giới tính", "Tỉnh - Bệnh viện",
    "Mã Tỉnh - Bệnh viện", "Bệnh viện (KCB ban đầu)", "Mã Bệnh viện", "Mã vùng sinh sống",
    "Bổ sung thêm TK1", "CMND", "Mã hộ gia đình", "Quốc tịch", "Mã quốc tịch", "Dân tộc",
    "Mã Dân tộc", "Tỉnh - Khai sinh", "Mã Tỉnh - Khai sinh", "Huyện - Khai sinh",
    "Mã huyện - Khai sinh", "Xã - Khai sinh", "Mã xã - Khai sinh", "Tỉnh - Địa chỉ liên hệ",
    "Mã tỉnh - Địa chỉ liên hệ", "Huyện - Địa chỉ liên hệ", "Huyện - Địa chỉ liên hệ",
    "Xã - Địa chỉ liên hệ", "Mã xã - Địa chỉ liên hệ", "Địa chỉ nhận hồ sơ",
    "Tên cha/mẹ/người giám hộ", "Điện thoại liên hệ", "Mức tiền đóng", "Phương thức đóng",
    "Nội dung yêu cầu thay đổi", "Hồ sơ kèm theo", "Email liên hệ", "Địa chỉ khai sinh",
]
# Viettel's D03/TK01 sheet: (heading in row 3, field code in row 6), columns A to AV.
VIETTEL = [
    ("STT", None), ("Họ tên", "HoTen"), ("Mã số BHXH", "MaSoBhxh"),
    ("Ngày sinh (dd/mm/yyy)", "NgaySinh"),
    ("Chỉ có năm sinh (0 - Đầy đủ 1 - Tháng năm 2 - Năm)", "ChiCoNamSinh"),
    ("Giới tính (0 - Nữ 1 - Nam)", "GioiTinh"),
    ("Tỉnh, thành phố nơi khám chữa bệnh", "BenhVienTinhId"),
    ("Nơi đăng ký khám chữa bệnh ban đầu", "BenhVienId"),
    ("Biên lai, ngày tham gia (dd/MM/yyyy)", "NgayBienLai"), ("Số biên lai", "SoBienLai"),
    ("Tỷ lệ % được miễn giảm (Chỉ áp dụng cho đối tượng tham gia Hộ gia đình) (Chỉ phục vụ hỗ"
     " trợ tính giá trị Tiền lương, trợ cấp hoặc số tiền đóng, Không gửi sang BHXH)",
     "TyLeMienGiam"),
    ("Thời gian sử dụng thẻ", "SoThang"), ("Tiền lương, trợ cấp hoặc số tiền đóng", "TienDong"),
    ("Từ ngày (dd/MM/yyyy)", "TuNgay"), ("Ghi chú", "GhiChu"),
    ("Phương án điều chỉnh", "PhuongAnId"),
    ("Mức hưởng BHYT (nhập mã hưởng theo link)", "MucHuongBhyt"),
    ("Tên phòng ban", "MaPhongBan"), ("Mã vùng sinh sống", "MaVungSinhSong"),
    ("Tỷ lệ ngân sách địa phương hỗ trợ thêm ngoài hỗ trợ theo quy định tại phần thông tin chung"
     " (%)", "TyLeNSDP"),
    ("Tỷ lệ hỗ trợ khác", "TyLeHoTroKhac"),
    ("Số tiền hỗ trợ khác của các tổ chức, cá nhân", "HoTroKhac"),
    ("Mã tỉnh đang sinh sống", "MaTinh_DangSS"), ("Mã huyện đang sinh sống", "MaHuyen_DangSS"),
    ("Mã xã đang sinh sống", "MaXa_DangSS"),
    ("Ghi cụ thể, đầy đủ địa chỉ nơi đang sinh sống (số nhà, đường/phố, thôn/xóm)",
     "DiaChi_DangSS"),
    ("Ngày chết (dd/MM/yyyy)", "NgayChet"), ("Có giảm chết", "CoGiamChet"),
    ("Xuất TK01 (Có - TRUE, Không - FALSE )", "XuatTk01"), ("Mức tiền đóng", "MucDongTk01"),
    ("Quốc tịch (nhập mã quốc tịch theo link)", "QuocTichId"),
    ("Dân tộc (nhập mã quốc tịch theo link)", "DanTocId"), ("Số CMND", "Cmnd"),
    ("Nơi cấp giấy khai sinh (quê quán) tỉnh thành", "KhaiSinhTinhId"),
    ("Nơi cấp giấy khai sinh (quê quán) quận, huyện", "KhaiSinhHuyenId"),
    ("Nơi cấp giấy khai sinh (quê quán) xã, phường", "KhaiSinhXaId"),
    ("Địa chỉ khai sinh", "DiaChiKhaiSinh"),
    ("Tỉnh đăng ký địa chỉ liên hệ nơi nhận", "NoiNhanTinhId"),
    ("Huyện đăng ký địa chỉ liên hệ nơi nhận", "NoiNhanHuyenId"),
    ("Xã đăng ký địa chỉ liên hệ nơi nhận", "NoiNhanXaId"),
    ("Địa chỉ nhận hồ sơ", "NoiNhanDiaChiChiTiet"),
    ("Họ tên cha/ mẹ/ người giám hộ", "HoTenNguoiGiamHo"),
    ("Số điện thoại liên hệ", "DienThoaiLienHe"), ("Mã số Hộ gia đình", "MaHoGiaDinh"),
    ("Phương thức đóng", "PhuongThucTk1"), ("Nội dung thay đổi", "NoiDungThayDoi"),
    ("Hồ sơ kèm theo", "HoSoKemTheo"), ("Email liên hệ", "Email"),
]
# domain.md §7, in its order, after STT.
D05_TS = [
    "STT", "Họ và tên", "Mã số BHXH", "Ngày sinh", "Chỉ có năm sinh (Có/Không)", "Giới tính",
    "Dân tộc", "Địa chỉ liên hệ", "Mức tiền làm căn cứ đóng", "Phương thức đóng", "Số tháng đóng",
    "Từ tháng năm", "Tỷ lệ NSNN hỗ trợ (%)", "Số tiền NSNN hỗ trợ", "Tỷ lệ NSĐP hỗ trợ (%)",
    "Số tiền NSĐP hỗ trợ", "Tổng số tiền NTG đóng", "Số CMND/Hộ chiếu/Thẻ căn cước",
    "Mã hộ gia đình", "Nhân viên thu", "Số biên lai", "Ngày biên lai",
]
D03_TS = [
    "STT", "Họ và tên", "Mã số BHXH", "Ngày sinh", "Chỉ có năm sinh (Có/Không)", "Giới tính",
    "Số CMND/Hộ chiếu/Thẻ căn cước", "Mã hộ gia đình", "Địa chỉ liên hệ", "Người tham gia thứ",
    "Mức đóng HGĐ", "Số tháng", "Thời hạn sử dụng thẻ BHYT, từ ngày", "Tỉnh KCB", "Bệnh viện",
    "Số biên lai", "Ngày biên lai", "Nhân viên thu",
]
HOUSEHOLD = ["Trần Thị Bình", "Phạm Thị Dung", "Huỳnh Văn Đức"]


@pytest.fixture
def workbook(client, auth, db):
    """A downloader of the period's file in a profile, the commune's constants set."""
    declaring_village(db)
    auth.login("official1")
    set_up_commune(client, auth, db)

    def download(profile_id: str):
        response = client.get("/communes/31843/declarations.xlsx",
                              query_string={**QUERY, "profile": profile_id})
        assert response.status_code == 200
        return load_workbook(io.BytesIO(response.data))
    return download


def table(sheet, heading_row: int, data_row: int) -> tuple[list, list[dict]]:
    """(the headings, one dict per data row by heading; repeated headings keep the first)."""
    lines = list(sheet.iter_rows(values_only=True))
    headings = list(lines[heading_row - 1])
    found = []
    for line in lines[data_row - 1:]:
        cells = {}
        for heading, value in zip(headings, line, strict=True):
            cells.setdefault(heading, value)
        found.append(cells)
    return headings, found


def by_name(found: list[dict], column: str) -> dict[str, dict]:
    return {line[column]: line for line in found}


def test_ebh(workbook):
    book = workbook("ebh")
    assert book.sheetnames == ["BHXH tự nguyện", "BHYT hộ gia đình"]
    headings, found = table(book["BHXH tự nguyện"], 1, 2)
    assert headings == EBH_BHXH
    people = by_name(found, "Họ và tên (*)")
    assert [line["STT"] for line in found] == [1, 2, 3]
    an = people["Nguyễn Văn An"]
    assert (an[GROSS], an[PAYS], an[STATE], an[LOCAL]) == (3_960_000, 3_168_000, 792_000, 0)
    assert an["Phương án (Xem chi tiết theo link) (*)"] == "TM"
    assert an["Phương thức đóng (*)"] == "12 tháng" and an["Số tháng đóng(*)"] == 12
    assert an["Từ tháng năm(*)"] == "11/2026"
    assert an[INCOME] == 1_500_000 and an[RATE] == 22 and an[COEFFICIENT] == 0
    assert an["Tỷ lệ NSNN hỗ trợ (%)"] == 20 and an["Tỷ lệ NSĐP hỗ trợ (%)"] == 0
    assert an["Lãi suất đầu tư quỹ BHXH bình quân trên năm (%)"] is None
    assert an["Ngày sinh"] == datetime(1970, 3, 15) and an["Chỉ có năm sinh (Có/Không )"] == "Không"
    assert an["Giới tính\n(Nam/Nữ)"] == "Nam" and an["Quốc tịch"] == "Việt Nam"
    assert an["Nơi cấp giấy khai sinh (*)"] == "Tỉnh Cà Mau"              # CCCD 096…
    assert an["Địa chỉ liên hệ (*)"] == "Số 5, Ấp Kê Khai, Xã Hồng Dân, Cà Mau"
    assert an["Mã nhân viên thu"] == "NVT-0042" and an["Nhân viên thu"] == "Trần Thị Mai"
    assert an["Ngày biên lai"] == datetime(2026, 10, 20) and an["Số biên lai"] == "BL-0001"
    assert an["Số điện thoại"] == "0912345678"
    prepaid = people["Lê Văn Cường"]
    assert prepaid["Phương thức đóng (*)"] == "Về sau" and prepaid["Số tháng đóng(*)"] == 60
    assert prepaid["Lãi suất đầu tư quỹ BHXH bình quân trên năm (%)"] == 4.356   # 12 × 0,363%
    assert prepaid[GROSS] == 17_827_797                             # discounted, before support
    assert prepaid[PAYS] == 14_262_238                              # domain.md §8, support too
    assert prepaid[STATE] == 17_827_797 - 14_262_238
    island = people["Võ Thị Phượng"]
    assert island["Tỷ lệ NSNN hỗ trợ (%)"] == 50 and island[STATE] == 1_980_000
    assert island[PAYS] == 1_980_000

    headings, found = table(book["BHYT hộ gia đình"], 1, 2)
    assert headings == EBH_BHYT
    assert [line["Họ và tên (*)"] for line in found] == [*HOUSEHOLD, "Võ Thị Phượng"]
    household = found[:3]
    assert [line["Mức đóng HGĐ"] for line in household] == [100, 70, 60]     # percent, not money
    assert [line["Số tiền đóng(=Lương cơ sở*mức đóng HGĐ)"] for line in household] == [
        2_530_000, 1_771_000, 1_518_000]
    assert [line["Mức tiền đóng(=Số tiền đóng*Số tháng*Tỷ lệ đóng BHYT)"]
            for line in household] == [1_366_200, 956_340, 819_720]
    assert {line["Tỷ lệ đóng BHYT(%)"] for line in found} == {4.5}
    assert {line["Mức hưởng BHYT(*)"] for line in found} == {4}
    assert [line["Thời hạn sử dụng thẻ BHYT, từ ngày"] for line in household] == [
        datetime(2026, 11, 20), datetime(2026, 11, 20), datetime(2026, 11, 1)]   # Đức renews
    assert [line["Phương án (Xem chi tiết theo link) (*)"] for line in household] == [
        "TM", "TM", None]                                  # no EBH code for a continuing one
    binh = household[0]
    assert binh["Ngày sinh"] == 1975 and binh["Chỉ có năm sinh (Có/Không )"] == "Có"
    assert binh["Tỉnh KCB"] == "96" and binh["Bệnh viện"] == "96-023"
    assert household[1]["Nơi cấp giấy khai sinh (*)"] is None         # Dung has no CCCD
    assert found[3]["Mã vùng sinh sống (Xem chi tiết theo link)"] == "K3"
    assert household[0]["Mã vùng sinh sống (Xem chi tiết theo link)"] is None
    assert "Tỷ lệ NSNN hỗ trợ (%)" not in headings                  # no state-support columns
    cell = book["BHYT hộ gia đình"].cell(row=2, column=EBH_BHYT.index("Số tiền đóng(=Lương cơ"
                                                                       " sở*mức đóng HGĐ)") + 1)
    assert cell.number_format == "#,##0" and isinstance(cell.value, int)


def test_viettel(workbook):
    book = workbook("viettel")
    assert book.sheetnames == ["D03_TK01"]
    sheet = book["D03_TK01"]
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[2]) == [heading for heading, _code in VIETTEL]
    assert list(lines[5]) == [code for _heading, code in VIETTEL]
    assert lines[1][0] == "Phần nhập dành cho tờ khai D03"
    assert lines[1][29].startswith("Phần nhập dành cho tờ khai TK01")
    assert (lines[6][:2], lines[7][:2]) == (("I", "Tăng"), ("I.1", "Người tham gia"))
    codes = [code for _heading, code in VIETTEL]
    found = [dict(zip(codes, line, strict=True)) for line in lines[8:]]
    assert [line["HoTen"] for line in found] == [*HOUSEHOLD, "Võ Thị Phượng"]
    household = found[:3]
    assert [line["TyLeMienGiam"] for line in household] == [0, 30, 40]
    assert [line["TienDong"] for line in household] == [2_530_000, 1_771_000, 1_518_000]
    assert [line["PhuongAnId"] for line in household] == ["TM", "TM", None]
    assert [line["GioiTinh"] for line in household] == [0, 0, 1]
    assert [line["ChiCoNamSinh"] for line in household] == [2, 0, 0]
    assert household[0]["NgaySinh"] == datetime(1975, 1, 1)
    assert {line["SoThang"] for line in found} == {12}
    assert {line["MucHuongBhyt"] for line in found} == {4}
    assert household[2]["TuNgay"] == datetime(2026, 11, 1)
    assert household[0]["NgayBienLai"] == datetime(2026, 10, 21)
    assert household[0]["SoBienLai"] == "BL-0011"
    assert (household[0]["BenhVienTinhId"], household[0]["BenhVienId"]) == ("96", "96-023")
    assert (household[0]["MaTinh_DangSS"], household[0]["MaXa_DangSS"]) == ("96", "31843")
    assert household[0]["MaHuyen_DangSS"] is None
    assert household[0]["XuatTk01"] == "TRUE" and household[0]["QuocTichId"] == "VN"
    assert household[0]["PhuongThucTk1"] == 12
    assert found[3]["MaVungSinhSong"] == "K3" and household[0]["MaVungSinhSong"] is None


def test_vnpt(workbook):
    book = workbook("vnpt")
    headings, found = table(book["BHXH tự nguyện"], 1, 2)
    assert headings == VNPT_BHXH
    people = by_name(found, "Họ tên")
    an, prepaid, island = (people[n] for n in ("Nguyễn Văn An", "Lê Văn Cường",
                                               "Võ Thị Phượng"))
    assert (an["Tổng tiền đóng"], an["Tiền tự nguyện đóng"], an["Tiền NSNN hỗ trợ"]) == (
        3_960_000, 3_168_000, 792_000)
    assert an["Mức tiền đóng"] == 1_500_000 and an["Tỷ lệ đóng (%)"] == 22
    assert an["Phương thức đóng"] == "12 tháng" and prepaid["Phương thức đóng"] == "Về sau"
    assert (prepaid["Tổng tiền đóng"], prepaid["Tiền tự nguyện đóng"]) == (17_827_797,
                                                                          14_262_238)
    assert island["Tỷ lệ NSNN hỗ trợ (%)"] == 50 and island["Tiền NSNN hỗ trợ"] == 1_980_000
    assert an["Mã xã - Địa chỉ đang sinh sống"] == "31843" and an["Mã quốc tịch"] == "VN"
    headings, found = table(book["BHYT hộ gia đình"], 1, 2)
    assert headings == VNPT_BHYT
    household = found[:3]
    assert [line["Người tham gia thứ"] for line in household] == [1, 2, 3]
    assert [line["Số tiền thực tế"] for line in household] == [1_366_200, 956_340, 819_720]
    assert [line["Phương án"] for line in household] == ["TM", "TM", None]
    assert household[0]["Mã Tỉnh - Bệnh viện"] == "96" and household[0]["Mã Bệnh viện"] == "96-023"
    assert found[3]["Mã vùng sinh sống"] == "K3"
    assert "Tỷ lệ NSNN hỗ trợ (%)" not in headings


def test_official_forms(workbook):
    book = workbook("official")
    assert book.sheetnames == ["D05-TS", "D03-TS"]
    headings, found = table(book["D05-TS"], 1, 2)
    assert headings == D05_TS
    people = by_name(found, "Họ và tên")
    an = people["Nguyễn Văn An"]
    assert (an["Mức tiền làm căn cứ đóng"], an["Tổng số tiền NTG đóng"],
            an["Số tiền NSNN hỗ trợ"]) == (1_500_000, 3_168_000, 792_000)
    assert an["Phương thức đóng"] == "12 tháng" and an["Từ tháng năm"] == "11/2026"
    assert people["Lê Văn Cường"]["Phương thức đóng"] == "Về sau"
    assert people["Lê Văn Cường"]["Tổng số tiền NTG đóng"] == 14_262_238
    assert people["Võ Thị Phượng"]["Tỷ lệ NSNN hỗ trợ (%)"] == 50

    sheet = book["D03-TS"]
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0][0] == "Mẫu số: D03-TS"
    assert lines[2][0] == "DANH SÁCH NGƯỜI CHỈ THAM GIA BẢO HIỂM Y TẾ"
    assert lines[4][0] == "Đơn vị: Xã Hồng Dân, Cà Mau" and lines[5][0] == "Kỳ: 10/2026"
    headings, found = table(sheet, 14, 15)                          # fillers write from row 15
    assert headings == D03_TS
    assert [line["Họ và tên"] for line in found] == [*HOUSEHOLD, "Võ Thị Phượng"]
    assert [line["Mức đóng HGĐ"] for line in found] == [100, 70, 60, 100]
    assert [line["Người tham gia thứ"] for line in found] == [1, 2, 3, 1]
    assert found[0]["Ngày sinh"] == 1975 and found[0]["Chỉ có năm sinh (Có/Không)"] == "Có"
    assert found[0]["Tỉnh KCB"] == "96"


def test_viettel_leaves_bhxh_sign_ups_out_and_says_so(client, auth, db):
    declaring_village(db)
    auth.login("official1")
    page = client.get("/communes/31843/declarations",
                      query_string={**QUERY, "profile": "viettel"}).get_data(as_text=True)
    left_out = page[page.index('id="left-out"'):page.index("</ul>", page.index('id="left-out"'))]
    for name in ("Nguyễn Văn An", "Lê Văn Cường", "Võ Thị Phượng"):
        assert name in left_out
    assert "hồ sơ Viettel vBHXH không có sheet cho BHXH tự nguyện" in left_out


def test_cli_writes_the_chosen_profile(app, db, tmp_path):
    declaring_village(db)
    runner = app.test_cli_runner()
    out = tmp_path / "ke-khai.xlsx"
    result = runner.invoke(args=["export-declarations", "--commune", "31843", "--period",
                                 PERIOD, "--profile", "ebh", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "BHXH tự nguyện: 3, BHYT hộ gia đình: 4" in result.stdout
    book = load_workbook(out)
    headings, found = table(book["BHYT hộ gia đình"], 1, 2)
    assert headings == EBH_BHYT and len(found) == 4
    # the gaps go to standard error, by sheet and row, without the person's name
    assert "BHYT hộ gia đình row 3, Nơi cấp giấy khai sinh (*)" in result.stderr
    assert "Mã nhân viên thu: chưa có mã nhân viên thu của Trần Thị Mai" in result.stderr
    assert "Phạm Thị Dung" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--period", "2026-13"], "không có tháng 2026-13"),
    (["--period", "tháng 11"], "ghi tháng 2026-11"),
    (["--period", PERIOD, "--profile", "misa"], "no profile 'misa'"),
    (["--period", PERIOD, "--commune", "99999"], "no commune with code 99999"),
])
def test_cli_says_what_is_wrong(app, args, message):
    runner = app.test_cli_runner()
    base = ["export-declarations", "--commune", "31843"]
    result = runner.invoke(args=base + args)
    assert result.exit_code != 0 and message in result.output


def test_every_shipped_profile_names_its_source_and_date():
    shipped = profile.profiles()
    assert set(shipped) == {"ebh", "official", "viettel", "vnpt"}
    for found in shipped.values():
        assert found.source and found.checked_on.isoformat() == "2026-11-28"
    assert not shipped["vnpt"].confirmed                       # not from VNPT's own template


@pytest.mark.parametrize("change, message", [
    (('source = "full_name"', 'source = "fullname"'), "nguồn “fullname” không có"),
    (('vocabulary = "gender"', 'vocabulary = "genders"'), "không có bảng mã “genders”"),
    (("data_row = 9", "data_row = 6"), "dòng dữ liệu phải nằm dưới"),
    (('at = "AD2"', 'at = "AD9"'), "trùng dòng tiêu đề hoặc dòng dữ liệu"),
    (('at = "AD2"', 'at = "AZ2"'), "nằm ngoài các cột"),
    (('text = "Tăng"', 'text = "{thon}"'), "chỉ dùng được {commune}, {province}, {period}"),
    (('width = 25', 'width = "rộng"'), "“width” phải là số"),
    (('scheme = "bhyt_hgd"', 'scheme = "bhyt"'), "chế độ “bhyt” không có"),
    (('id = "viettel"', 'id = "vtl"'), "“id” phải bằng tên tệp"),
])
def test_a_broken_profile_file_names_what_is_wrong_and_where(change, message):
    folder = profile.resources.files("agent_app.declarations") / "profiles"
    text = (folder / "viettel.toml").read_text("utf-8")
    assert change[0] in text
    with pytest.raises(profile.ProfileError) as error:
        profile.parse(text.replace(change[0], change[1], 1), "viettel")
    assert message in str(error.value) and "viettel.toml" in str(error.value)
