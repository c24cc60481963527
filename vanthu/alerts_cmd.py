"""``vanthu alerts``: the deadline digests per unit, once (``--as-of``) or served daily
(``--serve``). Prefect loads inside the command, so ``vanthu extract`` stays light."""
from __future__ import annotations

import os
import sys
from datetime import date

import click

from vanthu.obligations_cmd import (as_of_option, db_option, parse_within, unit_errors,
                                    unit_option)


@click.command("alerts", epilog="""\b
Ví dụ:
  vanthu alerts --within 7d --out nhac_viec/
  vanthu alerts --unit "Sở NN&PTNT" --send --recipients nguoi_nhan.json
  vanthu alerts --serve --cron "0 7 * * 1-5"
""")
@as_of_option
@click.option("--within", "within", default="7d", show_default=True, callback=parse_within,
              metavar="KHOẢNG", help="Khoảng sắp đến hạn: 7d (ngày), 2w (tuần).")
@click.option("--out", "out_dir", default="alerts", show_default=True, metavar="THƯ_MỤC",
              type=click.Path(file_okay=False),
              help="Thư mục ghi các bản tổng hợp (mỗi đơn vị một tệp .txt).")
@click.option("--send", is_flag=True,
              help="Gửi thêm thư điện tử từng bản tổng hợp qua SMTP (biến VANTHU_SMTP_HOST, "
                   "VANTHU_SMTP_PORT, VANTHU_SMTP_FROM) đến địa chỉ trong --recipients.")
@click.option("--recipients", type=click.Path(dir_okay=False, exists=True), metavar="TỆP",
              help="Tệp JSON: đơn vị (viết kiểu nào cũng được) → địa chỉ thư điện tử "
                   "(mặc định: biến VANTHU_ALERT_RECIPIENTS).")
@click.option("--serve", is_flag=True,
              help="Chạy liên tục, lập bản tổng hợp theo lịch --cron (Prefect).")
@click.option("--cron", default="0 7 * * *", show_default=True, metavar="LỊCH",
              help="Lịch chạy cho --serve (dạng cron), theo giờ Việt Nam (Asia/Ho_Chi_Minh).")
@unit_option
@click.option("-v", "--verbose", is_flag=True, help="Hiện nhật ký của Prefect.")
@db_option
def alerts(as_of: date | None, within: int, out_dir: str, send: bool, recipients: str | None,
           serve: bool, cron: str, unit: str | None, verbose: bool, db_url: str | None) -> None:
    """Nhắc việc: bản tổng hợp nhiệm vụ quá hạn và sắp đến hạn cho từng đơn vị.

    Ghi mỗi đơn vị một bản tổng hợp (việc quá hạn, việc đến hạn trong khoảng --within) vào
    --out; với --send thì gửi thư điện tử. Với --serve, chạy hằng ngày theo lịch --cron cho
    đến khi dừng (Ctrl+C).
    """
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from pipelines.alerts import SmtpSettings, deadline_alerts
    from pipelines.alerts import serve as serve_alerts
    from vanthu.app import _open_db

    engine = _open_db(db_url)   # a bad URL or an unknown --unit fails here, before Prefect
    units = None
    if unit is not None:
        from models.unit_lookup import unit_names_for

        with unit_errors():
            units = list(unit_names_for(engine, unit))
    engine.dispose()
    smtp = None
    if send:
        smtp = SmtpSettings.from_env(recipients)
        if smtp is None:
            click.echo("Lỗi: chưa cấu hình máy chủ thư (biến môi trường VANTHU_SMTP_HOST).",
                       err=True)
            sys.exit(1)
        if (os.environ.get("VANTHU_SMTP_USER") or os.environ.get("VANTHU_SMTP_PASSWORD")) \
                and not smtp.starttls:
            from pipelines.alerts import InsecureSmtp

            click.echo(f"Lỗi: {alert_error_vi(InsecureSmtp())}", err=True)
            sys.exit(1)
    if db_url:
        os.environ["VANTHU_DB"] = db_url          # read by the flow: never a Prefect parameter
        from pipelines.alerts import public_url

        db_url = public_url(db_url)
    if serve:
        if as_of is not None:
            raise click.UsageError("--serve dùng ngày của mỗi lần chạy; bỏ --as-of")
        click.echo(f"Đang chạy nhắc việc theo lịch “{cron}” (giờ Việt Nam). Nhấn Ctrl+C để dừng.")
        serve_alerts(cron, within_days=within, out_dir=out_dir, smtp=smtp, db_url=db_url,
                     units=units)
        return
    try:
        once = deadline_alerts.with_options(retries=0)   # by hand: an error is shown at once
        report = once(as_of=as_of or date.today(), within_days=within, out_dir=out_dir,
                      smtp=smtp, db_url=db_url, units=units)
    except Exception as e:  # noqa: BLE001 - mail and file errors: one clear line
        from vanthu.redact import scrub

        click.echo(f"Lỗi: {alert_error_vi(e)} ({scrub(type(e).__name__ + ': ' + str(e))[:300]})",
                   err=True)
        sys.exit(1)
    click.echo(f"Đã ghi {len(report.files)} bản nhắc việc vào {out_dir}")
    for unit, to in report.sent.items():
        click.echo(f"  Đã gửi: {unit} → {', '.join(to)}")
    for unit in report.no_address:
        click.echo(f"  Chưa có địa chỉ thư: {unit}")


def alert_error_vi(error: BaseException) -> str:
    """Why the alerts could not be written or sent, in Vietnamese."""
    import smtplib

    from pipelines.alerts import InsecureSmtp

    if isinstance(error, InsecureSmtp):
        return ("đã đặt mật khẩu thư nhưng chưa bật mã hóa: đặt VANTHU_SMTP_STARTTLS=1 "
                "(mật khẩu không được gửi không mã hóa)")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "máy chủ thư không hỗ trợ STARTTLS: không gửi để khỏi lộ mật khẩu"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "máy chủ thư từ chối tên đăng nhập hoặc mật khẩu"
    if isinstance(error, (smtplib.SMTPException, ConnectionError, TimeoutError)):
        return "không gửi được thư qua máy chủ SMTP"
    if isinstance(error, OSError):
        return "không ghi được tệp hoặc không kết nối được máy chủ thư"
    return "không tạo được bản nhắc việc"
