<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN" sourcelanguage="en">
<context>
    <name>Cli</name>
    <message>
        <source>REFUSED %1: %2</source>
        <translation>TỪ CHỐI %1: %2</translation>
    </message>
    <message>
        <source>    What to do: %1</source>
        <translation>    Cách xử lý: %1</translation>
    </message>
    <message>
        <source>Nothing was written to any device.</source>
        <translation>Chưa ghi gì lên bất kỳ thiết bị nào.</translation>
    </message>
    <message>
        <source>      (an image file, not a physical disk)</source>
        <translation>      (tệp ảnh đĩa, không phải ổ đĩa vật lý)</translation>
    </message>
    <message>
        <source>Content:</source>
        <translation>Nội dung:</translation>
    </message>
    <message>
        <source>Type XOA (or ERASE) and press Enter to confirm; anything else cancels:</source>
        <translation>Gõ XOA (hoặc ERASE) rồi nhấn Enter để xác nhận; gõ bất kỳ nội dung khác để hủy:</translation>
    </message>
    <message>
        <source>No confirmation was received (input closed). Use --yes for unattended use.</source>
        <translation>Không nhận được xác nhận (đầu vào đã đóng). Dùng --yes khi chạy tự động không người trực.</translation>
    </message>
    <message>
        <source>Not confirmed; nothing was written.</source>
        <translation>Chưa xác nhận; chưa ghi gì lên thiết bị.</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>Kết quả:</translation>
    </message>
    <message>
        <source>      Job record: %1</source>
        <translation>      Hồ sơ công việc: %1</translation>
    </message>
    <message>
        <source>      THE JOB RECORD COULD NOT BE WRITTEN: %1</source>
        <translation>      KHÔNG GHI ĐƯỢC HỒ SƠ CÔNG VIỆC: %1</translation>
    </message>
    <message>
        <source>--chunk-size must be a multiple of 4096 bytes and at most 64 MiB.</source>
        <translation>--chunk-size phải là bội số của 4096 byte và không quá 64 MiB.</translation>
    </message>
    <message numerus="yes">
        <source>Method: %1 (%n pass(es))</source>
        <translation>
            <numerusform>Phương pháp: %1 (%n lượt)</numerusform>
        </translation>
    </message>
    <message>
        <source>Note: this is a legacy scheme, kept for rules that demand it.</source>
        <translation>Lưu ý: đây là phương pháp cũ, chỉ giữ lại cho các quy định còn yêu cầu.</translation>
    </message>
    <message>
        <source>ALL DATA on the following device(s) will be destroyed permanently:</source>
        <translation>TOÀN BỘ DỮ LIỆU trên (các) thiết bị sau sẽ bị xóa vĩnh viễn:</translation>
    </message>
    <message>
        <source>No interrupted job with id %1 in %2.</source>
        <translation>Không có công việc bị gián đoạn nào có mã %1 trong %2.</translation>
    </message>
    <message>
        <source>No interrupted jobs in %1.</source>
        <translation>Không có công việc bị gián đoạn nào trong %1.</translation>
    </message>
    <message>
        <source>Job %1: %2 (%3), method %4, pass %5/%6 durable up to byte %7 (%8)%9</source>
        <translation>Công việc %1: %2 (%3), phương pháp %4, lượt %5/%6 đã lưu chắc chắn đến byte %7 (%8)%9</translation>
    </message>
    <message>
        <source>stopped by the operator</source>
        <translation>do người vận hành dừng</translation>
    </message>
    <message>
        <source>interrupted: crash, kill or power loss</source>
        <translation>bị gián đoạn: chương trình lỗi, bị tắt hoặc mất điện</translation>
    </message>
    <message>
        <source> - STILL RUNNING in another process</source>
        <translation> - VẪN ĐANG CHẠY trong một tiến trình khác</translation>
    </message>
    <message>
        <source>Resuming will continue destroying ALL DATA on:</source>
        <translation>Tiếp tục sẽ xóa nốt TOÀN BỘ DỮ LIỆU trên:</translation>
    </message>
    <message>
        <source>No disks found.</source>
        <translation>Không tìm thấy ổ đĩa nào.</translation>
    </message>
    <message>
        <source>May be erased.</source>
        <translation>Được phép xóa.</translation>
    </message>
    <message>
        <source>NOT ERASABLE:</source>
        <translation>KHÔNG ĐƯỢC XÓA:</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Cách xử lý:</translation>
    </message>
    <message>
        <source>Legacy schemes take many times longer and add nothing on modern disks; use them only where your rules require them.</source>
        <translation>Các phương pháp cũ tốn thời gian gấp nhiều lần mà không tăng độ an toàn trên ổ đĩa hiện đại; chỉ dùng khi quy định của đơn vị bắt buộc.</translation>
    </message>
    <message>
        <source>Unknown language &apos;%1&apos;; use vi (Vietnamese) or en (English).</source>
        <translation>Không biết ngôn ngữ &apos;%1&apos;; hãy dùng vi (tiếng Việt) hoặc en (tiếng Anh).</translation>
    </message>
    <message>
        <source>wipeseal %1: erases disks that held state secrets, proves it by reading back, and records it.</source>
        <translation>wipeseal %1: xóa ổ đĩa từng chứa bí mật nhà nước, kiểm chứng bằng cách đọc lại và lập hồ sơ.</translation>
    </message>
    <message>
        <source>language of messages: vi (default) or en</source>
        <translation>ngôn ngữ hiển thị: vi (mặc định) hoặc en</translation>
    </message>
    <message>
        <source>list disks and whether wipeseal may erase them</source>
        <translation>liệt kê ổ đĩa và cho biết wipeseal có được phép xóa không</translation>
    </message>
    <message>
        <source>print JSON for other programs</source>
        <translation>in dạng JSON cho chương trình khác đọc</translation>
    </message>
    <message>
        <source>list the erase methods</source>
        <translation>liệt kê các phương pháp xóa</translation>
    </message>
    <message>
        <source>erase one or more whole disks (or image files)</source>
        <translation>xóa một hoặc nhiều ổ đĩa nguyên vẹn (hoặc tệp ảnh đĩa)</translation>
    </message>
    <message>
        <source>disks to erase, e.g. /dev/sdb</source>
        <translation>các ổ đĩa cần xóa, ví dụ /dev/sdb</translation>
    </message>
    <message>
        <source>erase method (see: wipeseal methods); default: clear</source>
        <translation>phương pháp xóa (xem: wipeseal methods); mặc định: clear</translation>
    </message>
    <message>
        <source>folder for the job records</source>
        <translation>thư mục lưu hồ sơ công việc</translation>
    </message>
    <message>
        <source>folder for job journals (used by resume)</source>
        <translation>thư mục nhật ký công việc (dùng khi tiếp tục)</translation>
    </message>
    <message>
        <source>do not ask for a typed confirmation (unattended use)</source>
        <translation>không hỏi xác nhận bằng cách gõ chữ (chạy tự động)</translation>
    </message>
    <message>
        <source>print progress as JSON lines</source>
        <translation>in tiến độ dạng các dòng JSON</translation>
    </message>
    <message>
        <source>advanced: bytes per write request</source>
        <translation>nâng cao: số byte mỗi lệnh ghi</translation>
    </message>
    <message>
        <source>advanced: write requests in flight per disk</source>
        <translation>nâng cao: số lệnh ghi đồng thời trên mỗi ổ</translation>
    </message>
    <message>
        <source>advanced: milliseconds between durable progress checkpoints (default 4000)</source>
        <translation>nâng cao: số mili giây giữa hai lần lưu chắc chắn tiến độ (mặc định 4000)</translation>
    </message>
    <message>
        <source>finish jobs that were interrupted (crash, power loss, or stopped)</source>
        <translation>hoàn thành các công việc bị gián đoạn (lỗi chương trình, mất điện hoặc bị dừng)</translation>
    </message>
    <message>
        <source>resume only this job (record id or its first characters)</source>
        <translation>chỉ tiếp tục công việc này (mã hồ sơ hoặc vài ký tự đầu)</translation>
    </message>
    <message>
        <source>where the job&apos;s disk is now, if its name changed</source>
        <translation>đường dẫn hiện tại của ổ đĩa, nếu tên đã thay đổi</translation>
    </message>
    <message>
        <source>folder for the job records (default: where the job began)</source>
        <translation>thư mục lưu hồ sơ công việc (mặc định: nơi công việc bắt đầu)</translation>
    </message>
    <message>
        <source>folder for job journals</source>
        <translation>thư mục nhật ký công việc</translation>
    </message>
    <message>
        <source>do not ask for a typed confirmation</source>
        <translation>không hỏi xác nhận bằng cách gõ chữ</translation>
    </message>
    <message>
        <source>only list interrupted jobs</source>
        <translation>chỉ liệt kê các công việc bị gián đoạn</translation>
    </message>
    <message>
        <source>%1  finished: %2</source>
        <translation>%1  hoàn tất: %2</translation>
    </message>
    <message>
        <source>%1  starting</source>
        <translation>%1  đang bắt đầu</translation>
    </message>
    <message>
        <source>%1  pass %2/%3  %4  %5  remaining %6</source>
        <translation>%1  lượt %2/%3  %4  %5  còn %6</translation>
    </message>
    <message>
        <source>%1: continuing pass %2/%3 from byte %4</source>
        <translation>%1: tiếp tục lượt %2/%3 từ byte %4</translation>
    </message>
    <message>
        <source>%1: pass %2/%3 started</source>
        <translation>%1: bắt đầu lượt %2/%3</translation>
    </message>
    <message>
        <source>%1: pass %2/%3 finished and flushed</source>
        <translation>%1: xong lượt %2/%3, đã đẩy xuống thiết bị</translation>
    </message>
    <message>
        <source>%1: WRITE ERROR: %2</source>
        <translation>%1: LỖI GHI: %2</translation>
    </message>
    <message>
        <source>--verify takes a percentage of the device (for example 1 or 0.5%), full, or none.</source>
        <translation>--verify nhận một tỷ lệ phần trăm của thiết bị (ví dụ 1 hoặc 0.5%), full (toàn bộ), hoặc none (không kiểm tra).</translation>
    </message>
    <message>
        <source>read back after erasing: a percentage of the device (default 1), full, or none</source>
        <translation>đọc lại để kiểm tra sau khi xóa: tỷ lệ phần trăm thiết bị (mặc định 1), full (toàn bộ), hoặc none (không)</translation>
    </message>
    <message>
        <source>re-check an erased device against its job record (an auditor&apos;s spot check)</source>
        <translation>kiểm tra lại một thiết bị đã xóa theo hồ sơ công việc của nó (kiểm tra đột xuất)</translation>
    </message>
    <message>
        <source>the erased disk</source>
        <translation>ổ đĩa đã xóa</translation>
    </message>
    <message>
        <source>the job record of its erasure</source>
        <translation>hồ sơ công việc của lần xóa đó</translation>
    </message>
    <message>
        <source>how much to read: a percentage of the device (default 1) or full</source>
        <translation>đọc bao nhiêu: tỷ lệ phần trăm thiết bị (mặc định 1) hoặc full (toàn bộ)</translation>
    </message>
    <message>
        <source>folder for the audit document (default: beside the record)</source>
        <translation>thư mục lưu biên bản kiểm tra (mặc định: cạnh hồ sơ)</translation>
    </message>
    <message>
        <source>print the result as JSON</source>
        <translation>in kết quả dạng JSON</translation>
    </message>
    <message>
        <source>%1  reading back  %2  %3  remaining %4</source>
        <translation>%1  đang đọc lại kiểm tra  %2  %3  còn %4</translation>
    </message>
    <message>
        <source>%1: reading back to verify the erasure</source>
        <translation>%1: đang đọc lại để kiểm tra kết quả xóa</translation>
    </message>
    <message>
        <source>--verify takes a percentage of the device (for example 1 or 0.5%) or full.</source>
        <translation>--verify nhận một tỷ lệ phần trăm của thiết bị (ví dụ 1 hoặc 0.5%) hoặc full (toàn bộ).</translation>
    </message>
    <message>
        <source>Device %1 checked against record %2</source>
        <translation>Đã kiểm tra thiết bị %1 theo hồ sơ %2</translation>
    </message>
    <message>
        <source>bytes %1 to %2 do not hold the expected pattern</source>
        <translation>các byte từ %1 đến %2 không chứa mẫu dữ liệu như dự kiến</translation>
    </message>
    <message>
        <source>Audit document: %1</source>
        <translation>Biên bản kiểm tra: %1</translation>
    </message>
    <message>
        <source>PIN of the signing token: </source>
        <translation>Mã PIN của thiết bị ký số (token): </translation>
    </message>
    <message>
        <source>Passphrase of the signing key: </source>
        <translation>Mật khẩu của khóa ký: </translation>
    </message>
    <message>
        <source>No certificate for %1: %2</source>
        <translation>Không lập được biên bản cho %1: %2</translation>
    </message>
    <message>
        <source>Certificate no. %1 for %2: %3</source>
        <translation>Biên bản số %1 cho %2: %3</translation>
    </message>
    <message>
        <source>      PDF: %1</source>
        <translation>      Bản PDF: %1</translation>
    </message>
    <message>
        <source>      Signed JSON: %1 and %2</source>
        <translation>      Bản điện tử có chữ ký: %1 và %2</translation>
    </message>
    <message>
        <source>      Check it with OpenSSL alone: %1</source>
        <translation>      Kiểm tra chỉ bằng OpenSSL: %1</translation>
    </message>
    <message>
        <source>New passphrase for the office keys (at least 8 characters): </source>
        <translation>Mật khẩu mới cho các khóa của cơ quan (ít nhất 8 ký tự): </translation>
    </message>
    <message>
        <source>Created the office CA and signing key in %1:</source>
        <translation>Đã tạo chứng thư gốc (CA) và khóa ký của cơ quan trong %1:</translation>
    </message>
    <message>
        <source>  office-ca.pem  give this to anyone who checks certificates</source>
        <translation>  office-ca.pem  trao cho người cần kiểm tra biên bản</translation>
    </message>
    <message>
        <source>  signer.pem, signer.key  the signing certificate and its encrypted key</source>
        <translation>  signer.pem, signer.key  chứng thư ký và khóa ký đã mã hóa</translation>
    </message>
    <message>
        <source>New passphrase for the imported key (at least 8 characters): </source>
        <translation>Mật khẩu mới cho khóa được nhập (ít nhất 8 ký tự): </translation>
    </message>
    <message>
        <source>Imported the signing key into %1.</source>
        <translation>Đã nhập khóa ký vào %1.</translation>
    </message>
    <message>
        <source>INVALID certificate %1: %2 [%3]</source>
        <translation>Biên bản KHÔNG HỢP LỆ %1: %2 [%3]</translation>
    </message>
    <message>
        <source>VALID certificate no. %1 (%2)</source>
        <translation>Biên bản HỢP LỆ số %1 (%2)</translation>
    </message>
    <message>
        <source>  Device: %1</source>
        <translation>  Thiết bị: %1</translation>
    </message>
    <message>
        <source>  Outcome: %1</source>
        <translation>  Kết quả: %1</translation>
    </message>
    <message>
        <source>  Signed by: %1</source>
        <translation>  Người ký: %1</translation>
    </message>
    <message>
        <source>  Issued: %1 by %2</source>
        <translation>  Lập lúc %1, bởi %2</translation>
    </message>
    <message>
        <source>PDF written: %1</source>
        <translation>Đã ghi bản PDF: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) in %1</source>
        <translation>
            <numerusform>%n biên bản trong %1</numerusform>
        </translation>
    </message>
    <message>
        <source>REGISTER PROBLEM [%1]: %2</source>
        <translation>SỔ ĐĂNG KÝ CÓ VẤN ĐỀ [%1]: %2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n certificate(s) to %1</source>
        <translation>
            <numerusform>Đã xuất %n biên bản vào %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new certificate(s) into %1</source>
        <translation>
            <numerusform>Đã nhập %n biên bản mới vào %1</numerusform>
        </translation>
    </message>
    <message>
        <source>--certify needs a read-back (--verify): an erasure that was not checked proves nothing.</source>
        <translation>--certify cần kiểm tra đọc lại (--verify): việc xóa không được kiểm tra thì không chứng minh được gì.</translation>
    </message>
    <message>
        <source>folder of the office keys (default: &lt;state dir&gt;/keys)</source>
        <translation>thư mục khóa của cơ quan (mặc định: &lt;thư mục trạng thái&gt;/keys)</translation>
    </message>
    <message>
        <source>file whose first line is the key&apos;s passphrase (default: ask)</source>
        <translation>tệp có dòng đầu là mật khẩu của khóa (mặc định: hỏi)</translation>
    </message>
    <message>
        <source>sign with a key on a token: its PKCS#11 URI</source>
        <translation>ký bằng khóa trên thiết bị ký số (token): địa chỉ PKCS#11 của khóa</translation>
    </message>
    <message>
        <source>the token&apos;s PKCS#11 library</source>
        <translation>thư viện PKCS#11 của thiết bị ký số</translation>
    </message>
    <message>
        <source>the token key&apos;s certificate (PEM, chain allowed)</source>
        <translation>chứng thư của khóa trên thiết bị ký số (PEM, có thể kèm chuỗi)</translation>
    </message>
    <message>
        <source>file whose first line is the token&apos;s PIN (default: ask)</source>
        <translation>tệp có dòng đầu là mã PIN của thiết bị ký số (mặc định: hỏi)</translation>
    </message>
    <message>
        <source>the office&apos;s details for the certificate (JSON file)</source>
        <translation>thông tin của cơ quan để lập biên bản (tệp JSON)</translation>
    </message>
    <message>
        <source>the certificate register (default: &lt;state dir&gt;/register.sqlite)</source>
        <translation>sổ đăng ký biên bản (mặc định: &lt;thư mục trạng thái&gt;/register.sqlite)</translation>
    </message>
    <message>
        <source>create or import the office&apos;s signing keys</source>
        <translation>tạo hoặc nhập khóa ký của cơ quan</translation>
    </message>
    <message>
        <source>create an office CA and a signing certificate</source>
        <translation>tạo chứng thư gốc (CA) và chứng thư ký của cơ quan</translation>
    </message>
    <message>
        <source>the office&apos;s name as it should appear in the certificates</source>
        <translation>tên cơ quan như sẽ ghi trên các chứng thư</translation>
    </message>
    <message>
        <source>import an existing signing certificate and key</source>
        <translation>nhập chứng thư ký và khóa ký có sẵn</translation>
    </message>
    <message>
        <source>signing certificate (PEM, chain allowed)</source>
        <translation>chứng thư ký (PEM, có thể kèm chuỗi)</translation>
    </message>
    <message>
        <source>its private key (PEM)</source>
        <translation>khóa bí mật của chứng thư đó (PEM)</translation>
    </message>
    <message>
        <source>file with the key&apos;s current passphrase</source>
        <translation>tệp chứa mật khẩu hiện tại của khóa</translation>
    </message>
    <message>
        <source>the office CA certificate (PEM)</source>
        <translation>chứng thư gốc (CA) của cơ quan (PEM)</translation>
    </message>
    <message>
        <source>file whose first line is the new passphrase</source>
        <translation>tệp có dòng đầu là mật khẩu mới</translation>
    </message>
    <message>
        <source>issue, check or print certificates (biên bản)</source>
        <translation>lập, kiểm tra hoặc in biên bản</translation>
    </message>
    <message>
        <source>sign certificates for job records</source>
        <translation>ký biên bản cho các hồ sơ công việc</translation>
    </message>
    <message>
        <source>job record files (&lt;id&gt;.json)</source>
        <translation>các tệp hồ sơ công việc (&lt;id&gt;.json)</translation>
    </message>
    <message>
        <source>the office&apos;s details (JSON file)</source>
        <translation>thông tin của cơ quan (tệp JSON)</translation>
    </message>
    <message>
        <source>the certificate register</source>
        <translation>sổ đăng ký biên bản</translation>
    </message>
    <message>
        <source>folder for the certificates (default: beside the records)</source>
        <translation>thư mục lưu biên bản (mặc định: cạnh hồ sơ)</translation>
    </message>
    <message>
        <source>check a certificate (.json with its .p7s, or .pdf)</source>
        <translation>kiểm tra biên bản (.json kèm .p7s, hoặc .pdf)</translation>
    </message>
    <message>
        <source>the certificate</source>
        <translation>biên bản</translation>
    </message>
    <message>
        <source>the office CA certificate (default: &lt;key dir&gt;/office-ca.pem)</source>
        <translation>chứng thư gốc (CA) của cơ quan (mặc định: &lt;thư mục khóa&gt;/office-ca.pem)</translation>
    </message>
    <message>
        <source>also check its place in this register</source>
        <translation>kiểm tra cả vị trí của biên bản trong sổ đăng ký này</translation>
    </message>
    <message>
        <source>draw the PDF again from a signed certificate</source>
        <translation>tạo lại bản PDF từ biên bản đã ký</translation>
    </message>
    <message>
        <source>the signed certificate (&lt;id&gt;.json, with &lt;id&gt;.p7s beside it)</source>
        <translation>biên bản đã ký (&lt;id&gt;.json, kèm &lt;id&gt;.p7s bên cạnh)</translation>
    </message>
    <message>
        <source>the PDF to write (default: &lt;id&gt;.pdf beside it)</source>
        <translation>tệp PDF cần ghi (mặc định: &lt;id&gt;.pdf bên cạnh)</translation>
    </message>
    <message>
        <source>the register (default: &lt;state dir&gt;/register.sqlite)</source>
        <translation>sổ đăng ký (mặc định: &lt;thư mục trạng thái&gt;/register.sqlite)</translation>
    </message>
    <message>
        <source>  The signature is valid and the content unchanged.</source>
        <translation>  Chữ ký hợp lệ, nội dung không bị thay đổi.</translation>
    </message>
    <message>
        <source>  The signature is valid, the content unchanged, and the certificate is in its place in the register.</source>
        <translation>  Chữ ký hợp lệ, nội dung không bị thay đổi và biên bản đúng vị trí trong sổ đăng ký.</translation>
    </message>
    <message>
        <source>  No method can erase this drive.</source>
        <translation>  Không có phương pháp nào xóa được ổ đĩa này.</translation>
    </message>
    <message>
        <source>  Recommended method: %1 (%2)</source>
        <translation>  Phương pháp đề xuất: %1 (%2)</translation>
    </message>
    <message>
        <source>  Why: %1</source>
        <translation>  Lý do: %1</translation>
    </message>
    <message>
        <source>  The drive reports: %1</source>
        <translation>  Ổ đĩa báo: %1</translation>
    </message>
    <message>
        <source>  Warning: %1</source>
        <translation>  Cảnh báo: %1</translation>
    </message>
    <message>
        <source>  If this medium ever held Tuyệt mật (top secret) information, destroy it physically after erasing.</source>
        <translation>  Nếu phương tiện này từng chứa thông tin Tuyệt mật, hãy hủy nó về mặt vật lý sau khi xóa.</translation>
    </message>
    <message>
        <source>Method: %1 (firmware purge)</source>
        <translation>Phương pháp: %1 (xóa sạch bằng firmware)</translation>
    </message>
    <message>
        <source>show the recommended erase method for each disk, and why</source>
        <translation>cho biết phương pháp xóa đề xuất cho từng đĩa và lý do</translation>
    </message>
    <message>
        <source>disks to examine, e.g. /dev/sdb</source>
        <translation>các đĩa cần xem, ví dụ /dev/sdb</translation>
    </message>
    <message>
        <source>the drive reported %1 done; reading it back is left</source>
        <translation>ổ đĩa đã báo %1 xong; còn bước đọc lại để kiểm tra</translation>
    </message>
    <message>
        <source>%1 was started; the drive may still be running it</source>
        <translation>đã bắt đầu %1; ổ đĩa có thể vẫn đang thực hiện</translation>
    </message>
    <message>
        <source>no purge command was sent yet</source>
        <translation>chưa gửi lệnh xóa nào</translation>
    </message>
    <message>
        <source>Job %1: %2 (%3), firmware purge: %4 (%5)%6</source>
        <translation>Công việc %1: %2 (%3), xóa bằng firmware: %4 (%5)%6</translation>
    </message>
    <message>
        <source>read back after erasing: a percentage of the device, full, or none (default: as the job was started)</source>
        <translation>đọc lại sau khi xóa: một tỷ lệ phần trăm của thiết bị, full (toàn bộ) hoặc none (không) (mặc định: như khi bắt đầu công việc)</translation>
    </message>
    <message>
        <source>      The job journal keeps it: fix the folder, then run wipeseal resume to write it.</source>
        <translation>      Nhật ký công việc vẫn giữ hồ sơ này: sửa lại thư mục, rồi chạy wipeseal resume để ghi hồ sơ.</translation>
    </message>
    <message>
        <source>      Warning: %1</source>
        <translation>      Cảnh báo: %1</translation>
    </message>
    <message>
        <source>%1  signing the certificate</source>
        <translation>%1  đang ký biên bản</translation>
    </message>
    <message>
        <source>%1  firmware purge  %2 (the drive&apos;s own progress report)</source>
        <translation>%1  xóa bằng lệnh của ổ  %2 (tiến độ do ổ tự báo)</translation>
    </message>
    <message>
        <source>%1: certificate no. %2 issued</source>
        <translation>%1: đã lập biên bản số %2</translation>
    </message>
    <message>
        <source>%1: NO CERTIFICATE: %2</source>
        <translation>%1: KHÔNG LẬP ĐƯỢC BIÊN BẢN: %2</translation>
    </message>
    <message>
        <source>Job %1: %2 (%3): the device work is done; its record or certificate is left to write (%4)%5</source>
        <translation>Công việc %1: %2 (%3): đã xong phần trên thiết bị; còn phải ghi hồ sơ hoặc lập biên bản (%4)%5</translation>
    </message>
    <message>
        <source>DAMAGED JOURNAL %1: %2</source>
        <translation>NHẬT KÝ BỊ HỎNG %1: %2</translation>
    </message>
    <message>
        <source>    What to do: keep the file for the record; a job it describes cannot be resumed and its disk must be erased again with a new job.</source>
        <translation>    Cách xử lý: giữ lại tệp để lưu vết; công việc ghi trong tệp không thể tiếp tục, và ổ đĩa của nó phải được xóa lại bằng một công việc mới.</translation>
    </message>
    <message>
        <source>Passphrase for the CA key (its own, at least 8 characters): </source>
        <translation>Mật khẩu riêng của khóa CA (ít nhất 8 ký tự): </translation>
    </message>
    <message>
        <source>The CA key (office-ca.key) is in %1, under its own passphrase. Move that folder off this stick now and keep it offline: it is needed only to certify a new signing key.</source>
        <translation>Khóa CA (office-ca.key) nằm trong %1, được bảo vệ bằng mật khẩu riêng. Hãy chuyển thư mục này ra khỏi USB ngay và cất giữ ở nơi không kết nối mạng: chỉ cần đến nó khi chứng thực một khóa ký mới.</translation>
    </message>
    <message>
        <source>The CA key was not kept: a new signing key will need a new office CA.</source>
        <translation>Khóa CA không được lưu giữ: muốn có khóa ký mới sẽ phải tạo CA mới cho cơ quan.</translation>
    </message>
    <message>
        <source>NOT CHECKED %1: %2 [%3]</source>
        <translation>CHƯA KIỂM TRA ĐƯỢC %1: %2 [%3]</translation>
    </message>
    <message>
        <source>  The PDF&apos;s own signature is valid, nothing but signatures was added after it, and the QR code on the page names this certificate.</source>
        <translation>  Chữ ký của chính tệp PDF hợp lệ, sau khi ký không có gì được thêm vào ngoài chữ ký, và mã QR trên trang chỉ đúng biên bản này.</translation>
    </message>
    <message>
        <source>  The signer&apos;s certificate expired on %1; it was valid when this certificate was signed (by the signing computer&apos;s clock).</source>
        <translation>  Chứng thư của người ký đã hết hạn ngày %1; chứng thư còn hiệu lực khi biên bản này được ký (theo đồng hồ của máy tính ký).</translation>
    </message>
    <message>
        <source>The signatures were NOT checked: no office CA certificate was found beside the register or in the key folder; name it with --ca.</source>
        <translation>CHƯA kiểm tra chữ ký: không tìm thấy chứng thư CA của cơ quan bên cạnh sổ đăng ký hoặc trong thư mục khóa; hãy chỉ ra bằng --ca.</translation>
    </message>
    <message>
        <source>Every chain is complete and every row agrees with its certificate, but without the office CA the register is not proven intact.</source>
        <translation>Mọi chuỗi đều đầy đủ và mọi dòng khớp với biên bản của nó, nhưng thiếu CA của cơ quan nên chưa chứng minh được sổ còn nguyên vẹn.</translation>
    </message>
    <message>
        <source>The register is intact: every chain is complete, every row agrees with its signed certificate, and every signature was made by a key the office CA certified (%1).</source>
        <translation>Sổ đăng ký nguyên vẹn: mọi chuỗi đều đầy đủ, mọi dòng khớp với biên bản đã ký, và mọi chữ ký đều do khóa được CA của cơ quan chứng thực tạo ra (%1).</translation>
    </message>
    <message numerus="yes">
        <source>%n certificate file(s) in %1 agree with the register.</source>
        <translation>
            <numerusform>%n tệp biên bản trong %1 khớp với sổ đăng ký.</numerusform>
        </translation>
    </message>
    <message>
        <source>The paper register (sổ đăng ký) is in %1: print it, sign it and file it.</source>
        <translation>Sổ đăng ký bản giấy ở %1: hãy in, ký và lưu vào hồ sơ.</translation>
    </message>
    <message>
        <source>make sectors hidden by an ATA Host Protected Area accessible and erase them too (until the next power cycle; permanently on a drive with the Accessible Max Address feature: wipeseal plan says which)</source>
        <translation>mở các sector bị vùng ẩn ATA (Host Protected Area) che giấu và xóa cả chúng (đến lần tắt và bật lại nguồn tiếp theo; VĨNH VIỄN với ổ đĩa có tính năng Accessible Max Address: wipeseal plan cho biết ổ nào)</translation>
    </message>
    <message>
        <source>folder for the CA key, to be moved off the stick (default: office-ca-key beside the key folder)</source>
        <translation>thư mục chứa khóa CA, cần chuyển ra khỏi USB (mặc định: office-ca-key bên cạnh thư mục khóa)</translation>
    </message>
    <message>
        <source>file whose first line is the CA key&apos;s own passphrase (default: ask)</source>
        <translation>tệp có dòng đầu là mật khẩu riêng của khóa CA (mặc định: hỏi)</translation>
    </message>
    <message>
        <source>do not keep the CA key (a new signing key will then need a new office CA)</source>
        <translation>không lưu giữ khóa CA (khi đó khóa ký mới sẽ cần CA mới của cơ quan)</translation>
    </message>
    <message>
        <source>the certificate register: list, verify, export, import, pdf</source>
        <translation>sổ đăng ký biên bản: list, verify, export, import, pdf</translation>
    </message>
    <message>
        <source>list, verify, export FOLDER, import REGISTER, or pdf FILE</source>
        <translation>list, verify, export THƯ_MỤC, import SỔ, hoặc pdf TỆP</translation>
    </message>
    <message>
        <source>the folder to export to, the register to import, or the PDF to write</source>
        <translation>thư mục để xuất ra, sổ cần nhập vào, hoặc tệp PDF cần ghi</translation>
    </message>
    <message>
        <source>the office CA certificate (default: office-ca.pem beside the register or in the key folder)</source>
        <translation>chứng thư CA của cơ quan (mặc định: office-ca.pem bên cạnh sổ đăng ký hoặc trong thư mục khóa)</translation>
    </message>
    <message>
        <source>verify: also check the certificate files in this folder against the register</source>
        <translation>verify: đối chiếu thêm các tệp biên bản trong thư mục này với sổ đăng ký</translation>
    </message>
    <message>
        <source>verify: print the result as JSON</source>
        <translation>verify: in kết quả dạng JSON</translation>
    </message>
    <message>
        <source>The job journals are in %1: run wipeseal resume --state-dir %1</source>
        <translation>Nhật ký công việc nằm trong %1: hãy chạy wipeseal resume --state-dir %1</translation>
    </message>
    <message>
        <source>Job %1: %2 (%3), method %4: all %5 pass(es) written; reading back is left (%6)%7</source>
        <translation>Công việc %1: %2 (%3), phương pháp %4: đã ghi xong cả %5 lượt; còn lại bước đọc kiểm tra (%6)%7</translation>
    </message>
    <message>
        <source>  Also signed by (a later signature, whose signer wipeseal does not check): %1</source>
        <translation>  Còn được ký bởi (chữ ký thêm sau, wipeseal không kiểm tra người ký này): %1</translation>
    </message>
    <message>
        <source>issue one signed certificate (biên bản) for the job&apos;s disks after erasing</source>
        <translation>sau khi xóa, lập một biên bản có chữ ký cho các ổ đĩa của công việc</translation>
    </message>
    <message>
        <source>The signatures were NOT checked: this computer&apos;s clock is before the signer&apos;s certificate began; set the clock right and verify again.</source>
        <translation>CHƯA kiểm tra chữ ký: đồng hồ của máy tính này đang ở thời điểm trước khi chứng thư của người ký bắt đầu có hiệu lực; hãy chỉnh lại đồng hồ rồi kiểm tra lại.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>USB drive</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>memory card or eMMC</source>
        <translation>thẻ nhớ hoặc eMMC</translation>
    </message>
    <message>
        <source>NVMe SSD</source>
        <translation>ổ SSD NVMe</translation>
    </message>
    <message>
        <source>loop device (test disk)</source>
        <translation>thiết bị loop (ổ thử)</translation>
    </message>
    <message>
        <source>image file (test disk)</source>
        <translation>tệp ảnh đĩa (ổ thử)</translation>
    </message>
    <message>
        <source>virtual disk</source>
        <translation>ổ đĩa ảo</translation>
    </message>
    <message>
        <source>hard disk (HDD)</source>
        <translation>ổ cứng HDD</translation>
    </message>
    <message>
        <source>SSD</source>
        <translation>ổ SSD</translation>
    </message>
    <message>
        <source>loop device %1</source>
        <translation>thiết bị loop %1</translation>
    </message>
    <message>
        <source>image file %1</source>
        <translation>tệp ảnh đĩa %1</translation>
    </message>
    <message>
        <source>virtual disk %1</source>
        <translation>ổ đĩa ảo %1</translation>
    </message>
    <message>
        <source>disk %1 (model unknown)</source>
        <translation>ổ đĩa %1 (không rõ kiểu máy)</translation>
    </message>
    <message>
        <source>serial %1</source>
        <translation>số sê-ri %1</translation>
    </message>
    <message>
        <source>backed by %1</source>
        <translation>dựa trên tệp %1</translation>
    </message>
    <message>
        <source>content could not be read (%1)</source>
        <translation>không đọc được nội dung (%1)</translation>
    </message>
    <message>
        <source>no partition table or filesystem found</source>
        <translation>không thấy bảng phân vùng hay hệ thống tệp nào</translation>
    </message>
    <message numerus="yes">
        <source>partition table %1 with %n partition(s)</source>
        <translation>
            <numerusform>bảng phân vùng %1 có %n phân vùng</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is a partition of %2; wipeseal erases whole disks only</source>
        <translation>%1 là một phân vùng của %2; wipeseal chỉ xóa nguyên cả ổ đĩa</translation>
    </message>
    <message>
        <source>%1 is a virtual device built from other disks (LVM, RAID, device-mapper or RAM)</source>
        <translation>%1 là thiết bị ảo ghép từ các ổ đĩa khác (LVM, RAID, device-mapper hoặc RAM)</translation>
    </message>
    <message>
        <source>this disk carries the running system (%1 is mounted at %2)</source>
        <translation>ổ đĩa này chứa hệ thống đang chạy (%1 đang gắn tại %2)</translation>
    </message>
    <message>
        <source>%1 is mounted at %2</source>
        <translation>%1 đang được gắn (mount) tại %2</translation>
    </message>
    <message>
        <source>%1 is in use as swap space</source>
        <translation>%1 đang được dùng làm vùng hoán đổi (swap)</translation>
    </message>
    <message>
        <source>%1 or one of its partitions is part of %2 (LVM, RAID or encrypted volume)</source>
        <translation>%1 hoặc một phân vùng của nó thuộc %2 (LVM, RAID hoặc ổ mã hóa)</translation>
    </message>
    <message>
        <source>%1 is read-only</source>
        <translation>%1 chỉ cho phép đọc</translation>
    </message>
    <message>
        <source>%1 reports a size of zero (no medium inserted, or an empty file)</source>
        <translation>%1 có dung lượng bằng 0 (chưa lắp phương tiện lưu trữ, hoặc là tệp rỗng)</translation>
    </message>
    <message>
        <source>the image file is attached as %1, which may be mounted or in use</source>
        <translation>tệp ảnh đĩa đang được gắn thành %1, có thể đang được mount hoặc sử dụng</translation>
    </message>
    <message>
        <source>name the whole disk (%1) instead</source>
        <translation>hãy chỉ định cả ổ đĩa (%1)</translation>
    </message>
    <message>
        <source>stop or close the volume and erase each member disk</source>
        <translation>dừng hoặc đóng ổ ảo đó rồi xóa từng ổ đĩa thành phần</translation>
    </message>
    <message>
        <source>wipeseal never erases the disk it runs from; boot from the wipeseal USB stick to erase this computer&apos;s disks</source>
        <translation>wipeseal không bao giờ xóa ổ đĩa mà nó đang chạy từ đó; hãy khởi động máy từ USB wipeseal để xóa các ổ đĩa của máy này</translation>
    </message>
    <message>
        <source>copy off anything you need, then unmount it: umount %1</source>
        <translation>sao lưu những gì cần giữ, rồi tháo gắn: umount %1</translation>
    </message>
    <message>
        <source>turn it off first: swapoff %1</source>
        <translation>tắt vùng hoán đổi trước: swapoff %1</translation>
    </message>
    <message>
        <source>deactivate that volume first (vgchange -an, mdadm --stop or cryptsetup close)</source>
        <translation>ngừng kích hoạt ổ ảo đó trước (vgchange -an, mdadm --stop hoặc cryptsetup close)</translation>
    </message>
    <message>
        <source>check for a write-protect switch, or clear the read-only flag: blockdev --setrw %1</source>
        <translation>kiểm tra công tắc chống ghi, hoặc bỏ cờ chỉ đọc: blockdev --setrw %1</translation>
    </message>
    <message>
        <source>insert the medium or check the cable (or name a file that holds a disk image), then list the disks again</source>
        <translation>lắp phương tiện lưu trữ hoặc kiểm tra cáp (hoặc chỉ định một tệp có chứa ảnh đĩa), rồi liệt kê lại các ổ đĩa</translation>
    </message>
    <message>
        <source>erase %1 instead, or detach it first: losetup -d %1</source>
        <translation>hãy xóa %1, hoặc tháo nó ra trước: losetup -d %1</translation>
    </message>
    <message>
        <source>This is the disk the system is running from</source>
        <translation>Đây là ổ đĩa hệ thống đang chạy</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Đang được sử dụng</translation>
    </message>
    <message>
        <source>Write-protected</source>
        <translation>Đang bị khóa ghi</translation>
    </message>
    <message>
        <source>No medium</source>
        <translation>Không có phương tiện lưu trữ</translation>
    </message>
    <message>
        <source>A partition, not a whole disk</source>
        <translation>Là một phân vùng, không phải cả ổ đĩa</translation>
    </message>
    <message>
        <source>A virtual volume, not a disk</source>
        <translation>Là ổ ảo, không phải ổ đĩa thật</translation>
    </message>
    <message>
        <source>Invalid input</source>
        <translation>Dữ liệu nhập không hợp lệ</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Không tìm thấy</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <source>Input/output error</source>
        <translation>Lỗi đọc/ghi</translation>
    </message>
    <message>
        <source>The device disappeared</source>
        <translation>Thiết bị đã bị ngắt kết nối</translation>
    </message>
    <message>
        <source>The device or job is in use</source>
        <translation>Thiết bị hoặc công việc đang được sử dụng</translation>
    </message>
    <message>
        <source>Permission denied (run wipeseal as root)</source>
        <translation>Không đủ quyền (hãy chạy wipeseal với quyền root)</translation>
    </message>
    <message>
        <source>Not supported</source>
        <translation>Không được hỗ trợ</translation>
    </message>
    <message>
        <source>Damaged data</source>
        <translation>Dữ liệu bị hỏng</translation>
    </message>
    <message>
        <source>Stopped by the operator</source>
        <translation>Người vận hành đã dừng</translation>
    </message>
    <message>
        <source>Internal error in wipeseal</source>
        <translation>Lỗi nội bộ của wipeseal</translation>
    </message>
    <message>
        <source>The best method the drive supports: a firmware purge where possible, else one AES-256-CTR pass</source>
        <translation>Phương pháp tốt nhất mà ổ hỗ trợ: xóa bằng lệnh của ổ (firmware) nếu có, nếu không thì ghi đè 1 lượt AES-256-CTR</translation>
    </message>
    <message>
        <source>One pass of the AES-256-CTR random pattern (NIST SP 800-88 Clear)</source>
        <translation>Ghi đè 1 lượt bằng mẫu ngẫu nhiên AES-256-CTR (mức Clear theo NIST SP 800-88)</translation>
    </message>
    <message>
        <source>One pass of zeros (0x00) (NIST SP 800-88 Clear)</source>
        <translation>Ghi đè 1 lượt bằng số 0 (mức Clear theo NIST SP 800-88)</translation>
    </message>
    <message>
        <source>One pass of ones (0xFF) (NIST SP 800-88 Clear)</source>
        <translation>Ghi đè 1 lượt bằng bit 1 (0xFF) (mức Clear theo NIST SP 800-88)</translation>
    </message>
    <message>
        <source>One pass of a fixed byte of your choice, e.g. byte:0x5A</source>
        <translation>Một lượt ghi một byte cố định tùy chọn, ví dụ byte:0x5A</translation>
    </message>
    <message>
        <source>One pass of the fixed byte %1 (Clear)</source>
        <translation>Ghi đè 1 lượt bằng byte cố định %1 (mức Clear)</translation>
    </message>
    <message>
        <source>LEGACY: DoD 5220.22-M, 3 passes (character, complement, random)</source>
        <translation>CŨ: DoD 5220.22-M, 3 lượt (một ký tự, phần bù, ngẫu nhiên)</translation>
    </message>
    <message>
        <source>LEGACY: DoD 5220.22-M ECE, 7 passes</source>
        <translation>CŨ: DoD 5220.22-M ECE, 7 lượt</translation>
    </message>
    <message>
        <source>LEGACY: Gutmann, 35 passes; no benefit on modern drives</source>
        <translation>CŨ: Gutmann, 35 lượt; không có lợi ích gì trên ổ đĩa hiện đại</translation>
    </message>
    <message>
        <source>NVMe Sanitize, crypto erase (whole subsystem)</source>
        <translation>NVMe Sanitize, xóa mật mã (toàn bộ hệ thống con)</translation>
    </message>
    <message>
        <source>NVMe Sanitize, block erase (whole subsystem)</source>
        <translation>NVMe Sanitize, xóa khối (toàn bộ hệ thống con)</translation>
    </message>
    <message>
        <source>NVMe Sanitize, overwrite (whole subsystem)</source>
        <translation>NVMe Sanitize, ghi đè (toàn bộ hệ thống con)</translation>
    </message>
    <message>
        <source>NVMe Format NVM, secure erase setting 2 (cryptographic erase)</source>
        <translation>NVMe Format NVM, chế độ xóa an toàn 2 (xóa mật mã)</translation>
    </message>
    <message>
        <source>NVMe Format NVM, secure erase setting 1 (user data erase)</source>
        <translation>NVMe Format NVM, chế độ xóa an toàn 1 (xóa dữ liệu người dùng)</translation>
    </message>
    <message>
        <source>ATA SANITIZE CRYPTO SCRAMBLE EXT (cryptographic erase)</source>
        <translation>ATA SANITIZE CRYPTO SCRAMBLE EXT (xóa mật mã)</translation>
    </message>
    <message>
        <source>ATA SANITIZE BLOCK ERASE EXT (block erase)</source>
        <translation>ATA SANITIZE BLOCK ERASE EXT (xóa khối)</translation>
    </message>
    <message>
        <source>ATA SANITIZE OVERWRITE EXT (overwrite by the drive)</source>
        <translation>ATA SANITIZE OVERWRITE EXT (ổ đĩa tự ghi đè)</translation>
    </message>
    <message>
        <source>ATA SECURITY ERASE UNIT, enhanced mode</source>
        <translation>ATA SECURITY ERASE UNIT, chế độ nâng cao</translation>
    </message>
    <message>
        <source>ATA SECURITY ERASE UNIT, normal mode</source>
        <translation>ATA SECURITY ERASE UNIT, chế độ thường</translation>
    </message>
    <message>
        <source>SCSI SANITIZE, cryptographic erase</source>
        <translation>SCSI SANITIZE, xóa mật mã</translation>
    </message>
    <message>
        <source>SCSI SANITIZE, block erase</source>
        <translation>SCSI SANITIZE, xóa khối</translation>
    </message>
    <message>
        <source>SCSI SANITIZE, overwrite</source>
        <translation>SCSI SANITIZE, ghi đè</translation>
    </message>
    <message>
        <source>eMMC SANITIZE</source>
        <translation>eMMC SANITIZE (làm sạch)</translation>
    </message>
    <message>
        <source>eMMC secure erase/trim (BLKSECDISCARD)</source>
        <translation>eMMC xóa/trim an toàn (BLKSECDISCARD)</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Purge (xóa sạch)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear (ghi đè)</translation>
    </message>
    <message>
        <source>The drive supports %1: a Purge under NIST SP 800-88 / IEEE 2883.</source>
        <translation>Ổ đĩa hỗ trợ %1: mức Purge (xóa sạch) theo NIST SP 800-88 / IEEE 2883.</translation>
    </message>
    <message>
        <source>The drive supports %1 but its security is frozen by the BIOS; suspend and resume the computer (or unplug and replug the drive&apos;s power) to unfreeze it, then plan again. Until then only overwriting (Clear) is possible.</source>
        <translation>Ổ đĩa hỗ trợ %1 nhưng chức năng bảo mật đang bị BIOS khóa băng (frozen); hãy cho máy ngủ (suspend) rồi đánh thức lại (hoặc rút và cắm lại nguồn của ổ) để gỡ, rồi lập kế hoạch lại. Trong lúc đó chỉ có thể ghi đè (Clear).</translation>
    </message>
    <message>
        <source>The drive is locked with an ATA password wipeseal does not know: it cannot be read, written or erased until it is unlocked. Destroy it physically if the password is lost.</source>
        <translation>Ổ đĩa bị khóa bằng mật khẩu ATA mà wipeseal không biết: không thể đọc, ghi hay xóa cho đến khi được mở khóa. Nếu mất mật khẩu, hãy hủy ổ về mặt vật lý.</translation>
    </message>
    <message>
        <source>USB sticks and memory cards offer no firmware purge: only Clear (overwrite) is possible. Media that held Tuyệt mật information should be destroyed physically.</source>
        <translation>USB và thẻ nhớ không có lệnh xóa sạch bằng firmware: chỉ có thể ghi đè (Clear). Phương tiện từng chứa thông tin Tuyệt mật cần được hủy về mặt vật lý.</translation>
    </message>
    <message>
        <source>This eMMC offers no sanitize or secure erase: only Clear (overwrite) is possible. Media that held Tuyệt mật information should be destroyed physically.</source>
        <translation>Bộ nhớ eMMC này không có lệnh SANITIZE hay xóa an toàn: chỉ có thể ghi đè (Clear). Phương tiện từng chứa thông tin Tuyệt mật nên được tiêu hủy vật lý.</translation>
    </message>
    <message>
        <source>The drive supports %1 but wipeseal will not send it: %2. Overwrite with the AES-256-CTR pattern (Clear) instead.</source>
        <translation>Ổ đĩa hỗ trợ %1 nhưng wipeseal sẽ không gửi lệnh này: %2. Thay vào đó, ghi đè bằng mẫu AES-256-CTR (Clear).</translation>
    </message>
    <message>
        <source>The drive reports no firmware purge (%1): overwrite with the AES-256-CTR pattern (Clear).</source>
        <translation>Ổ đĩa không báo có lệnh xóa sạch bằng firmware (%1): ghi đè bằng mẫu AES-256-CTR (Clear).</translation>
    </message>
    <message>
        <source>Not a physical drive (loop device, image file or virtual disk): overwrite with the AES-256-CTR pattern (Clear).</source>
        <translation>Không phải ổ đĩa vật lý (thiết bị loop, tệp ảnh đĩa hoặc đĩa ảo): ghi đè bằng mẫu AES-256-CTR (Clear).</translation>
    </message>
    <message>
        <source>The drive&apos;s capabilities could not be read (%1): overwrite with the AES-256-CTR pattern (Clear).</source>
        <translation>Không đọc được khả năng của ổ đĩa (%1): ghi đè bằng mẫu AES-256-CTR (Clear).</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>được chọn</translation>
    </message>
    <message>
        <source>available (fallback)</source>
        <translation>có thể dùng (dự phòng)</translation>
    </message>
    <message>
        <source>not supported</source>
        <translation>không hỗ trợ</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bị chặn</translation>
    </message>
    <message>
        <source>refused by the drive</source>
        <translation>bị ổ từ chối</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>thất bại</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>bị dừng giữa chừng</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>đã hoàn tất</translation>
    </message>
    <message>
        <source>ERASED</source>
        <translation>ĐÃ XÓA</translation>
    </message>
    <message>
        <source>ERASED WITH EXCEPTIONS</source>
        <translation>ĐÃ XÓA, CÓ NGOẠI LỆ</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>THẤT BẠI</translation>
    </message>
    <message>
        <source>STOPPED (can be resumed)</source>
        <translation>ĐÃ DỪNG (có thể tiếp tục)</translation>
    </message>
    <message numerus="yes">
        <source>every byte was overwritten (%n pass(es)) and flushed to the medium</source>
        <translation>
            <numerusform>mọi byte đã được ghi đè (%n lượt) và đã đẩy xuống phương tiện lưu trữ</numerusform>
        </translation>
    </message>
    <message>
        <source>the drive&apos;s firmware performed %1 and reported success; reading back a sample confirmed the data changed</source>
        <translation>firmware của ổ đã thực hiện %1 và báo thành công; đọc lại một mẫu xác nhận dữ liệu đã thay đổi</translation>
    </message>
    <message>
        <source>the drive&apos;s firmware performed %1 and reported success (not read back)</source>
        <translation>firmware của ổ đã thực hiện %1 và báo thành công (không đọc lại để kiểm tra)</translation>
    </message>
    <message numerus="yes">
        <source>%n range(s) (%1 bytes) could not be written and may still hold data; physical destruction is recommended</source>
        <translation>
            <numerusform>%n vùng (%1 byte) không ghi được và có thể vẫn còn dữ liệu; khuyến nghị tiêu hủy vật lý thiết bị</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 sectors hidden above the accessible maximum were not overwritten and may still hold data</source>
        <translation>%1 sector bị ẩn phía trên giới hạn truy cập chưa được ghi đè và có thể vẫn còn dữ liệu</translation>
    </message>
    <message>
        <source>stopped before the end; the disk is only partly erased. Run: wipeseal resume</source>
        <translation>đã dừng trước khi xong; ổ đĩa mới được xóa một phần. Hãy chạy: wipeseal resume</translation>
    </message>
    <message>
        <source>every pass was written, but reading back was stopped, so the erasure is not verified. Run: wipeseal resume</source>
        <translation>đã ghi xong mọi lượt nhưng việc đọc lại bị dừng, nên việc xóa chưa được kiểm chứng. Chạy: wipeseal resume</translation>
    </message>
    <message>
        <source>stopped while the drive was performing %1; the drive finishes it on its own, even after a power cycle. Run: wipeseal resume (it follows the drive to the end and reads it back)</source>
        <translation>đã dừng khi ổ đĩa đang thực hiện %1; ổ đĩa tự làm tiếp đến hết, kể cả sau khi tắt và bật lại nguồn. Chạy: wipeseal resume (lệnh này theo dõi ổ đĩa đến khi xong và đọc lại để kiểm tra)</translation>
    </message>
    <message>
        <source>the drive reported the purge done, but the read-back that checks it was stopped. Run: wipeseal resume</source>
        <translation>ổ đĩa báo đã xóa xong, nhưng bước đọc lại để kiểm tra đã bị dừng. Chạy: wipeseal resume</translation>
    </message>
    <message>
        <source>stopped before any firmware purge completed; data remains. Run: wipeseal resume</source>
        <translation>đã dừng trước khi lệnh xóa của firmware hoàn tất; dữ liệu vẫn còn. Chạy: wipeseal resume</translation>
    </message>
    <message>
        <source>stopped before the firmware purge started; nothing was erased. Run: wipeseal resume</source>
        <translation>đã dừng trước khi bắt đầu xóa bằng lệnh của ổ; chưa xóa gì. Chạy: wipeseal resume</translation>
    </message>
    <message>
        <source>the erasure did not finish; data may remain. Cause: %1</source>
        <translation>việc xóa không hoàn tất; dữ liệu có thể vẫn còn. Nguyên nhân: %1</translation>
    </message>
    <message>
        <source>reading back found data that should be gone (%1); data may remain</source>
        <translation>đọc lại phát hiện dữ liệu lẽ ra đã bị xóa (%1); dữ liệu có thể vẫn còn</translation>
    </message>
    <message>
        <source>the firmware purge did not complete; data may remain. Cause: %1</source>
        <translation>việc xóa bằng lệnh của ổ không hoàn tất; dữ liệu có thể vẫn còn. Nguyên nhân: %1</translation>
    </message>
    <message>
        <source>the drive reported the purge done, but it could not be checked: %1</source>
        <translation>ổ báo đã xóa xong nhưng không kiểm chứng được: %1</translation>
    </message>
    <message>
        <source>Verification PASSED</source>
        <translation>Kiểm tra ĐẠT</translation>
    </message>
    <message>
        <source>Verification passed except in the ranges that could not be written</source>
        <translation>Kiểm tra đạt, trừ các vùng không ghi được</translation>
    </message>
    <message>
        <source>Verification FAILED</source>
        <translation>Kiểm tra KHÔNG ĐẠT</translation>
    </message>
    <message>
        <source>every byte (%1) was read back and compared</source>
        <translation>đã đọc lại và so sánh toàn bộ từng byte (%1)</translation>
    </message>
    <message>
        <source>%1 read back in %2 blocks sampled before the purge (seed %3); each must differ from its old content, and no partition table or filesystem may remain</source>
        <translation>đã đọc lại %1 ở %2 khối được lấy mẫu trước khi xóa (hạt giống %3); mỗi khối phải khác nội dung cũ, và không được còn bảng phân vùng hay hệ thống tệp nào</translation>
    </message>
    <message>
        <source>%1 read back (%2 % of the device); every sample unit was read</source>
        <translation>đã đọc lại %1 (%2 % thiết bị); mọi đơn vị mẫu đều đã được đọc</translation>
    </message>
    <message>
        <source>%1 read back (%2 % of the device, %3 random samples, seed %4); an unerased region larger than %5 would have been found with probability at least 1 - %6</source>
        <translation>đã đọc lại %1 (%2 % thiết bị, %3 mẫu ngẫu nhiên, hạt giống %4); một vùng chưa bị xóa liền mạch lớn hơn %5 sẽ bị phát hiện với xác suất ít nhất 1 - %6</translation>
    </message>
    <message>
        <source>Repurposing</source>
        <translation>Chuyển mục đích sử dụng</translation>
    </message>
    <message>
        <source>Sending for repair or warranty</source>
        <translation>Đưa đi sửa chữa, bảo hành</translation>
    </message>
    <message>
        <source>Connecting to the Internet or a network</source>
        <translation>Kết nối mạng Internet, mạng nội bộ</translation>
    </message>
    <message>
        <source>Disposal</source>
        <translation>Thanh lý</translation>
    </message>
    <message>
        <source>Hand-over or transfer</source>
        <translation>Bàn giao, điều chuyển</translation>
    </message>
    <message>
        <source>Confidential (Mật)</source>
        <translation>Mật</translation>
    </message>
    <message>
        <source>Secret (Tối mật)</source>
        <translation>Tối mật</translation>
    </message>
    <message>
        <source>Top secret (Tuyệt mật)</source>
        <translation>Tuyệt mật</translation>
    </message>
    <message>
        <source>Person who performed the erasure</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Custodian of the device</source>
        <translation>Người quản lý thiết bị</translation>
    </message>
    <message>
        <source>Head of unit</source>
        <translation>Thủ trưởng đơn vị</translation>
    </message>
    <message>
        <source>PASSED</source>
        <translation>ĐẠT</translation>
    </message>
    <message>
        <source>PASSED WITH EXCEPTIONS</source>
        <translation>ĐẠT CÓ NGOẠI LỆ</translation>
    </message>
    <message>
        <source>FAILED</source>
        <comment>the certificate&apos;s verdict</comment>
        <translation>KHÔNG ĐẠT</translation>
    </message>
    <message>
        <source>Some areas of the device could not be written and may still hold data; physical destruction of the device is recommended.</source>
        <translation>Một số vùng trên thiết bị không ghi được và có thể còn dữ liệu; đề nghị tiêu hủy vật lý thiết bị.</translation>
    </message>
    <message>
        <source>USB sticks and memory cards can only be overwritten (Clear), not purged by the device; this one held Top secret material, so physical destruction is recommended.</source>
        <translation>Thiết bị nhớ USB, thẻ nhớ chỉ xóa được bằng ghi đè (mức Clear), không xóa được bằng lệnh của thiết bị; thiết bị từng chứa bí mật Tuyệt mật nên đề nghị tiêu hủy vật lý.</translation>
    </message>
    <message>
        <source>The data on the device was not erased and verified as required; the device must not be repurposed; physical destruction is recommended.</source>
        <translation>Dữ liệu trên thiết bị chưa được xóa và kiểm chứng đạt yêu cầu; không được sử dụng thiết bị cho mục đích khác; đề nghị tiêu hủy vật lý thiết bị.</translation>
    </message>
    <message>
        <source>%1 is the wipeseal stick or its data drive (it carries the label %2)</source>
        <translation>%1 là USB wipeseal hoặc ổ dữ liệu của nó (mang nhãn %2)</translation>
    </message>
    <message>
        <source>it is never erased: it holds wipeseal itself, or the office&apos;s keys and records; erase this computer&apos;s own disks</source>
        <translation>ổ này không bao giờ bị xóa: nó chứa chính wipeseal, hoặc khóa ký và hồ sơ của cơ quan; hãy xóa các ổ đĩa của chính máy tính này</translation>
    </message>
    <message>
        <source>This is the wipeseal USB stick</source>
        <translation>Đây là USB khởi động wipeseal</translation>
    </message>
    <message>
        <source>The drive&apos;s native maximum could not be read reliably, so sectors hidden above the accessible maximum cannot be ruled out; --restore-hidden is refused for this drive.</source>
        <translation>Không đọc được chính xác dung lượng tối đa gốc (native maximum) của ổ đĩa, nên không thể loại trừ khả năng có sector bị ẩn phía trên giới hạn truy cập; --restore-hidden bị từ chối với ổ đĩa này.</translation>
    </message>
    <message>
        <source>%1 sectors are hidden above the accessible maximum. --restore-hidden makes them accessible PERMANENTLY and erases them too: this drive has the Accessible Max Address feature, so a power cycle does not hide them again.</source>
        <translation>%1 sector bị ẩn phía trên giới hạn truy cập. --restore-hidden mở chúng VĨNH VIỄN và xóa cả chúng: ổ đĩa này có tính năng Accessible Max Address, nên tắt và bật lại nguồn cũng không ẩn chúng đi nữa.</translation>
    </message>
    <message>
        <source>%1 sectors are hidden above the accessible maximum (Host Protected Area). --restore-hidden makes them accessible until the next power cycle and erases them too.</source>
        <translation>%1 sector bị ẩn phía trên giới hạn truy cập (vùng ẩn Host Protected Area). --restore-hidden mở chúng cho đến lần tắt và bật lại nguồn tiếp theo và xóa cả chúng.</translation>
    </message>
    <message>
        <source>%1 sectors are hidden by a Device Configuration Overlay, which wipeseal does not remove: they are not erased.</source>
        <translation>%1 sector bị ẩn bởi Device Configuration Overlay (DCO), mà wipeseal không gỡ bỏ: các sector này không được xóa.</translation>
    </message>
    <message>
        <source>reading back could not read part of the disk (%1), so the erasure is not proven there; data may remain</source>
        <translation>bước đọc kiểm tra không đọc được một phần của ổ đĩa (%1), nên việc xóa ở phần đó chưa được chứng minh; dữ liệu có thể còn sót</translation>
    </message>
    <message>
        <source>every byte the disk could read (%1) was read back and compared; %2 could not be read</source>
        <translation>mọi byte mà ổ đĩa đọc được (%1) đã được đọc lại và so sánh; %2 không đọc được</translation>
    </message>
    <message>
        <source>%1 is in use: another program, such as another wipeseal job, has it open exclusively</source>
        <translation>%1 đang được sử dụng: một chương trình khác, chẳng hạn một công việc wipeseal khác, đang mở riêng ổ đĩa này</translation>
    </message>
    <message>
        <source>wait until that job ends (wipeseal list shows the disk free again), or close the program that uses it</source>
        <translation>hãy chờ công việc đó kết thúc (wipeseal list sẽ cho thấy ổ đĩa đã rảnh), hoặc đóng chương trình đang dùng nó</translation>
    </message>
    <message>
        <source>not read while another program uses the disk</source>
        <translation>chưa đọc vì một chương trình khác đang dùng ổ đĩa</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::ConfirmPage</name>
    <message>
        <source>ALL DATA on these disks will be destroyed permanently. It cannot be undone.</source>
        <translation>TOÀN BỘ DỮ LIỆU trên các ổ đĩa này sẽ bị xóa vĩnh viễn và không thể khôi phục.</translation>
    </message>
    <message>
        <source>Holds: %1</source>
        <translation>Đang chứa: %1</translation>
    </message>
    <message>
        <source>Method: %1</source>
        <translation>Phương pháp: %1</translation>
    </message>
    <message>
        <source>If it ever held Tuyệt mật information, destroy it physically after erasing.</source>
        <translation>Nếu ổ này từng chứa thông tin Tuyệt mật, hãy tiêu hủy vật lý sau khi xóa.</translation>
    </message>
    <message>
        <source>Record: %1, asset number %2, reason: %3, highest level held: %4.</source>
        <translation>Biên bản: %1, mã tài sản %2, lý do: %3, độ mật cao nhất: %4.</translation>
    </message>
    <message>
        <source>To confirm, type &amp;XOA (or ERASE) here; then Start erasing becomes available:</source>
        <translation>Để xác nhận, gõ &amp;XOA (hoặc ERASE) vào ô dưới đây; khi đó nút Bắt đầu xóa mới dùng được:</translation>
    </message>
    <message>
        <source>Check, then confirm</source>
        <translation>Kiểm tra lại, rồi xác nhận</translation>
    </message>
    <message>
        <source>&amp;Start erasing</source>
        <translation>&amp;Bắt đầu xóa</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::DetailsPage</name>
    <message>
        <source>Required: please fill this in.</source>
        <translation>Bắt buộc: xin điền vào ô này.</translation>
    </message>
    <message>
        <source>Please choose one of the options.</source>
        <translation>Xin chọn một trong các mục.</translation>
    </message>
    <message>
        <source>Fields marked * are required. Type Vietnamese with Telex (aa = â, dd = đ, s f r x j = tones) or VNI (a6 = â, d9 = đ, 1-5 = tones); choose below.</source>
        <translation>Các ô có dấu * là bắt buộc. Gõ tiếng Việt theo kiểu Telex (aa = â, dd = đ, s f r x j = dấu) hoặc VNI (a6 = â, d9 = đ, 1-5 = dấu); chọn kiểu gõ ở dưới.</translation>
    </message>
    <message>
        <source>Vietnamese &amp;typing:</source>
        <translation>&amp;Kiểu gõ tiếng Việt:</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Tắt</translation>
    </message>
    <message>
        <source>Governing body</source>
        <translation>Cơ quan chủ quản</translation>
    </message>
    <message>
        <source>Office or unit making the record *</source>
        <translation>Cơ quan, đơn vị lập biên bản *</translation>
    </message>
    <message>
        <source>Record symbol (e.g. BB-VP) *</source>
        <translation>Ký hiệu biên bản (ví dụ BB-VP) *</translation>
    </message>
    <message>
        <source>Place (province or city) *</source>
        <translation>Địa danh (tỉnh, thành phố) *</translation>
    </message>
    <message>
        <source>Reason *</source>
        <translation>Lý do *</translation>
    </message>
    <message>
        <source>Highest secrecy level the disks ever held *</source>
        <translation>Độ mật cao nhất ổ đĩa từng chứa *</translation>
    </message>
    <message>
        <source>Asset number of this computer *</source>
        <translation>Mã tài sản của máy tính này *</translation>
    </message>
    <message>
        <source>Serial number of this computer</source>
        <translation>Số sê-ri của máy tính này</translation>
    </message>
    <message>
        <source>Person erasing: full name *</source>
        <translation>Người thực hiện: họ và tên *</translation>
    </message>
    <message>
        <source>Person erasing: position</source>
        <translation>Người thực hiện: chức vụ</translation>
    </message>
    <message>
        <source>Custodian of the computer: full name</source>
        <translation>Người quản lý máy tính: họ và tên</translation>
    </message>
    <message>
        <source>Custodian: position</source>
        <translation>Người quản lý: chức vụ</translation>
    </message>
    <message>
        <source>Head of unit: full name</source>
        <translation>Thủ trưởng đơn vị: họ và tên</translation>
    </message>
    <message>
        <source>Head of unit: position</source>
        <translation>Thủ trưởng đơn vị: chức vụ</translation>
    </message>
    <message>
        <source>Where the computer goes next *</source>
        <translation>Nơi chuyển máy tính đến sau khi xóa *</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>What the record says</source>
        <translation>Nội dung biên bản</translation>
    </message>
    <message>
        <source>Too long: please shorten it.</source>
        <translation>Quá dài: vui lòng rút gọn.</translation>
    </message>
    <message>
        <source>Contains a control character (such as a tab): please remove it.</source>
        <translation>Có ký tự điều khiển (ví dụ dấu tab): vui lòng xóa ký tự đó.</translation>
    </message>
    <message>
        <source>Contains a character the certificate cannot print (such as an emoji): please use letters, digits and punctuation.</source>
        <translation>Có ký tự mà biên bản không in được (ví dụ biểu tượng cảm xúc): vui lòng chỉ dùng chữ, số và dấu câu.</translation>
    </message>
    <message>
        <source>&apos;Như trên&apos; has no meaning in a biên bản: please name the recipients.</source>
        <translation>&apos;Như trên&apos; không có nghĩa trong biên bản: vui lòng ghi rõ nơi nhận.</translation>
    </message>
    <message>
        <source>The office setup saved on the stick has a problem in &quot;%1&quot; that this page cannot edit: %2. Ask IT staff to correct office.json.</source>
        <translation>Thông tin cơ quan lưu trên USB có lỗi ở mục &quot;%1&quot; mà trang này không sửa được: %2. Hãy nhờ cán bộ CNTT sửa tệp office.json.</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::DiskCard</name>
    <message>
        <source>Device: %1</source>
        <translation>Thiết bị: %1</translation>
    </message>
    <message>
        <source>Serial number: %1</source>
        <translation>Số sê-ri: %1</translation>
    </message>
    <message>
        <source>Holds: %1</source>
        <translation>Đang chứa: %1</translation>
    </message>
    <message>
        <source>Method: %1
Why: %2</source>
        <translation>Phương pháp: %1
Lý do chọn: %2</translation>
    </message>
    <message>
        <source>Cannot be erased: %1 (%2). %3</source>
        <translation>Không được xóa: %1 (%2). %3</translation>
    </message>
    <message>
        <source>The drive could not be asked what it supports: %1</source>
        <translation>Không hỏi được ổ đĩa hỗ trợ những gì: %1</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::DisksPage</name>
    <message>
        <source>Looking at the disks…</source>
        <translation>Đang tìm các ổ đĩa…</translation>
    </message>
    <message numerus="yes">
        <source>%n disk(s) found, %1 may be erased.</source>
        <translation>
            <numerusform>Tìm thấy %n ổ đĩa, %1 ổ được phép xóa.</numerusform>
        </translation>
    </message>
    <message>
        <source>Tick each disk of this computer to erase. Disks that must not be touched are greyed out with the reason. The wipeseal stick itself is never offered.</source>
        <translation>Đánh dấu từng ổ đĩa của máy tính này cần xóa. Ổ không được đụng tới hiện màu xám kèm lý do. USB wipeseal không bao giờ được đưa vào danh sách xóa.</translation>
    </message>
    <message>
        <source>Select &amp;all disks that may be erased</source>
        <translation>&amp;Chọn tất cả ổ được phép</translation>
    </message>
    <message>
        <source>Choose the disks to erase</source>
        <translation>Chọn ổ đĩa cần xóa</translation>
    </message>
    <message>
        <source>Put the computer to sleep?</source>
        <translation>Cho máy tính ngủ?</translation>
    </message>
    <message>
        <source>The computer will sleep for a few seconds and wake up by itself; that takes the BIOS&apos;s lock off the drives. If it does not wake up, press its power button briefly.</source>
        <translation>Máy tính sẽ ngủ vài giây rồi tự thức dậy; việc này gỡ khóa của BIOS trên các ổ đĩa. Nếu máy không tự thức dậy, hãy bấm nhẹ nút nguồn.</translation>
    </message>
    <message>
        <source>Sleeping, then looking at the disks again…</source>
        <translation>Đang cho máy ngủ, sau đó tìm lại các ổ đĩa…</translation>
    </message>
    <message>
        <source>Could not sleep</source>
        <translation>Không cho máy ngủ được</translation>
    </message>
    <message>
        <source>A drive&apos;s firmware erase is locked by the BIOS (frozen). A short sleep of the computer unlocks it; until then that drive can only be overwritten.</source>
        <translation>Lệnh xóa của ổ đĩa đang bị BIOS khóa (frozen). Cho máy tính ngủ một lát sẽ mở khóa; trước khi mở khóa, ổ đó chỉ có thể xóa bằng cách ghi đè.</translation>
    </message>
    <message>
        <source>&amp;Unlock by sleeping 5 seconds</source>
        <translation>&amp;Mở khóa: cho máy ngủ 5 giây</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::Page</name>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Tiếp theo</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::ProgressPage</name>
    <message>
        <source>Waiting to start</source>
        <translation>Đang chờ bắt đầu</translation>
    </message>
    <message>
        <source>Stop this disk</source>
        <translation>Dừng ổ này</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Đang bắt đầu</translation>
    </message>
    <message>
        <source>Reading a sample before the drive erases itself</source>
        <translation>Đang đọc mẫu trước khi ổ tự xóa</translation>
    </message>
    <message>
        <source>Reading back to check the erasure</source>
        <translation>Đang đọc lại để kiểm tra việc xóa</translation>
    </message>
    <message>
        <source>Signing the record (biên bản)</source>
        <translation>Đang ký biên bản</translation>
    </message>
    <message>
        <source>Record no. %1 signed</source>
        <translation>Đã ký biên bản số %1</translation>
    </message>
    <message>
        <source>NO RECORD COULD BE SIGNED: %1</source>
        <translation>KHÔNG KÝ ĐƯỢC BIÊN BẢN: %1</translation>
    </message>
    <message>
        <source>The drive is erasing itself (its own progress report)</source>
        <translation>Ổ đĩa đang tự xóa (tiến độ do ổ tự báo)</translation>
    </message>
    <message>
        <source>Erasing: pass %1 of %2</source>
        <translation>Đang xóa: lượt %1/%2</translation>
    </message>
    <message>
        <source>%1 MB/s, about %2 left</source>
        <translation>%1 MB/s, còn khoảng %2</translation>
    </message>
    <message>
        <source>Finished. See the results and the records.</source>
        <translation>Đã xong. Xem kết quả và biên bản.</translation>
    </message>
    <message>
        <source>Stop this disk?</source>
        <translation>Dừng ổ này?</translation>
    </message>
    <message>
        <source>Stop erasing %1? The disk will be only partly erased. The wizard, on its next start, or `wipeseal resume` can finish it.</source>
        <translation>Dừng xóa %1? Ổ đĩa sẽ chỉ được xóa một phần. Lần khởi động sau, chương trình (hoặc lệnh `wipeseal resume`) có thể xóa tiếp cho xong.</translation>
    </message>
    <message>
        <source>Stop every disk?</source>
        <translation>Dừng tất cả các ổ?</translation>
    </message>
    <message>
        <source>Stop erasing every disk? They will be only partly erased. The wizard, on its next start, or `wipeseal resume` can finish them.</source>
        <translation>Dừng xóa tất cả các ổ? Các ổ sẽ chỉ được xóa một phần. Lần khởi động sau, chương trình (hoặc lệnh `wipeseal resume`) có thể xóa tiếp cho xong.</translation>
    </message>
    <message>
        <source>Keep this computer switched on until every disk is finished. The window stays usable; each disk can be stopped on its own.</source>
        <translation>Giữ máy tính bật cho đến khi mọi ổ đĩa xóa xong. Cửa sổ vẫn dùng được bình thường; có thể dừng riêng từng ổ.</translation>
    </message>
    <message>
        <source>Stop &amp;all disks</source>
        <translation>&amp;Dừng tất cả các ổ</translation>
    </message>
    <message>
        <source>Erasing</source>
        <translation>Đang xóa</translation>
    </message>
    <message>
        <source>See the &amp;results</source>
        <translation>&amp;Xem kết quả</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::ResultPage</name>
    <message>
        <source>The job could not start: %1. Nothing was written.</source>
        <translation>Không bắt đầu được: %1. Chưa ghi gì lên ổ đĩa.</translation>
    </message>
    <message>
        <source>Recommendation: %1</source>
        <translation>Kiến nghị: %1</translation>
    </message>
    <message>
        <source>THE RECORD COULD NOT BE WRITTEN: %1</source>
        <translation>KHÔNG GHI ĐƯỢC HỒ SƠ: %1</translation>
    </message>
    <message>
        <source>No certificate: %1</source>
        <translation>Không có biên bản: %1</translation>
    </message>
    <message>
        <source>Certificate no. %1: %2</source>
        <translation>Biên bản số %1: %2</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Đã gửi ra máy in.</translation>
    </message>
    <message>
        <source>No USB drive found: plug one in and press Look again</source>
        <translation>Không thấy USB: cắm USB vào rồi bấm Tìm lại</translation>
    </message>
    <message>
        <source>Could not save to %1: %2</source>
        <translation>Không lưu được vào %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) saved to %1.</source>
        <translation>
            <numerusform>Đã lưu %n biên bản vào %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Print the record…</source>
        <translation>&amp;In biên bản…</translation>
    </message>
    <message>
        <source>&amp;Look again</source>
        <translation>Tìm &amp;lại</translation>
    </message>
    <message>
        <source>&amp;Save the records to this USB drive</source>
        <translation>Lư&amp;u biên bản vào USB này</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Next &amp;computer</source>
        <translation>&amp;Máy tiếp theo</translation>
    </message>
    <message numerus="yes">
        <source>The record covers %n disk(s) of this computer.</source>
        <translation>
            <numerusform>Biên bản này gồm %n ổ đĩa của máy tính này.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::WelcomePage</name>
    <message>
        <source>Corrected by the operator (this computer&apos;s clock was %1 minutes off); the records say so.</source>
        <translation>Đã được người thực hiện sửa lại (đồng hồ máy tính này lệch %1 phút); hồ sơ có ghi rõ việc này.</translation>
    </message>
    <message>
        <source>The certificate&apos;s date comes from this clock. Retired computers often keep a wrong one: check it against your watch or phone.</source>
        <translation>Ngày tháng ghi trên biên bản lấy từ đồng hồ này. Máy tính cũ thường bị sai giờ: hãy so với đồng hồ hoặc điện thoại của bạn.</translation>
    </message>
    <message>
        <source>Correct the date and time</source>
        <translation>Sửa ngày giờ</translation>
    </message>
    <message>
        <source>The real date and time now (day/month/year hour:minute):</source>
        <translation>Ngày giờ đúng hiện tại (ngày/tháng/năm giờ:phút):</translation>
    </message>
    <message>
        <source>wipeseal erases every disk of this computer so that the state secrets it held cannot be recovered, and proves it by reading the disks back.
At the end it issues a signed record (biên bản) for the office to print and file.</source>
        <translation>wipeseal xóa mọi ổ đĩa của máy tính này để bí mật nhà nước từng lưu trên đó không thể khôi phục, và chứng minh bằng cách đọc lại các ổ đĩa.
Kết thúc, chương trình lập biên bản có chữ ký để cơ quan in ra và lưu trữ.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Ngôn ngữ:</translation>
    </message>
    <message>
        <source>The office settings could not be read: %1</source>
        <translation>Không đọc được thông tin cơ quan đã lưu: %1</translation>
    </message>
    <message>
        <source>No signing key was found in %1. Without it no certificate can be issued. To set one up, on any computer with wipeseal: wipeseal key init --office &quot;Your office&quot; --key-dir %2</source>
        <translation>Không tìm thấy khóa ký trong %1. Không có khóa thì không lập được biên bản. Để tạo khóa, trên một máy có wipeseal, chạy: wipeseal key init --office &quot;Tên cơ quan&quot; --key-dir %2</translation>
    </message>
    <message>
        <source>Office: %1. Signing key and settings found in %2.</source>
        <translation>Cơ quan: %1. Đã tìm thấy khóa ký và thông tin đã lưu tại %2.</translation>
    </message>
    <message>
        <source>Signing key found in %1. The office&apos;s details are filled in on step 3 and remembered.</source>
        <translation>Đã tìm thấy khóa ký tại %1. Thông tin cơ quan được điền ở bước 3 và sẽ được ghi nhớ.</translation>
    </message>
    <message>
        <source>Date and time on this computer:</source>
        <translation>Ngày giờ trên máy tính này:</translation>
    </message>
    <message>
        <source>C&amp;orrect the date and time…</source>
        <translation>&amp;Sửa ngày giờ…</translation>
    </message>
    <message numerus="yes">
        <source>%n erasure(s) were stopped before the end last time. Finish them before starting new ones.</source>
        <translation>
            <numerusform>Lần trước có %n lần xóa bị dừng giữa chừng. Hãy xóa tiếp cho xong trước khi bắt đầu việc mới.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Finish the stopped erasures</source>
        <translation>&amp;Hoàn tất các lần xóa đang dở</translation>
    </message>
    <message>
        <source>Erase the disks of this computer</source>
        <translation>Xóa ổ đĩa của máy tính này</translation>
    </message>
    <message>
        <source>No data drive was found: plug in the wipeseal stick with its data partition, or a USB drive labelled WIPESEAL-DATA, then go back to this page. Without it the records and certificates would be kept only in memory and lost when the computer is switched off.</source>
        <translation>Không tìm thấy ổ dữ liệu: hãy cắm USB wipeseal có phân vùng dữ liệu, hoặc một USB có nhãn WIPESEAL-DATA, rồi quay lại trang này. Nếu không, hồ sơ và biên bản chỉ được giữ trong bộ nhớ và sẽ mất khi tắt máy.</translation>
    </message>
</context>
<context>
    <name>wipeseal::gui::Wizard</name>
    <message>
        <source>Signing key</source>
        <translation>Khóa ký</translation>
    </message>
    <message>
        <source>PIN of the signing token:</source>
        <translation>Mã PIN của thiết bị ký số:</translation>
    </message>
    <message>
        <source>Passphrase of the office&apos;s signing key:</source>
        <translation>Mật khẩu khóa ký của cơ quan:</translation>
    </message>
    <message>
        <source>Checking the disks, the folders and the key before anything is written…</source>
        <translation>Đang kiểm tra ổ đĩa, thư mục và khóa ký trước khi ghi bất cứ gì…</translation>
    </message>
    <message>
        <source>Cannot continue</source>
        <translation>Không thể tiếp tục</translation>
    </message>
    <message>
        <source>Nothing was erased: %1</source>
        <translation>Chưa xóa gì: %1</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Bước %1/%2</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Quay lại</translation>
    </message>
    <message>
        <source>Stop erasing?</source>
        <translation>Dừng xóa?</translation>
    </message>
    <message>
        <source>Disks are still being erased. Closing stops them; they can be finished later. Close anyway?</source>
        <translation>Các ổ đĩa vẫn đang được xóa. Đóng cửa sổ sẽ dừng việc xóa; có thể xóa tiếp sau. Vẫn đóng?</translation>
    </message>
</context>
</TS>
