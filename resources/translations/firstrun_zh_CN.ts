<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EnrolPage</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="119"/>
        <source>Enrol with central</source>
        <translation>向中心注册</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="120"/>
        <source>Enter central&apos;s address and the one-time code from the platform&apos;s back office.</source>
        <translation>输入中心地址和平台后台提供的一次性注册码。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="121"/>
        <source>Central</source>
        <translation>中心地址</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="122"/>
        <source>Code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="123"/>
        <source>No keyring on this PC: keep the token in an owner-only file</source>
        <translation>本机没有系统密钥环：将令牌保存在仅本用户可读的文件中</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="124"/>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="138"/>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="155"/>
        <source>Enrolled as terminal %1 of outlet %2.</source>
        <translation>已注册为网点 %2 的终端 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="166"/>
        <source>Enrolment failed: %1</source>
        <translation>注册失败：%1</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="408"/>
        <location filename="../../ui/firstrun/wizard.py" line="429"/>
        <source>Outlet POS set-up</source>
        <translation>售票终端设置</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="79"/>
        <source>Welcome to Outlet POS</source>
        <translation>欢迎使用售票终端</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="80"/>
        <source>Choose the language of this counter (screens and printed tickets).</source>
        <translation>选择本柜台的语言（屏幕和打印的票）。</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="261"/>
        <source>Ticket printer</source>
        <translation>票据打印机</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="262"/>
        <source>Set up the printer and print a test page (you can skip this and do it later).</source>
        <translation>设置打印机并打印测试页（可以跳过，稍后再设置）。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="263"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="264"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="265"/>
        <source>Paper</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="266"/>
        <source>Save and print a test page</source>
        <translation>保存并打印测试页</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="297"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="303"/>
        <source>Test page printed. Check that the Chinese text and the QR code are sharp.</source>
        <translation>测试页已打印。请检查中文和二维码是否清晰。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="307"/>
        <source>Printing failed: %1</source>
        <translation>打印失败：%1</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="190"/>
        <source>Supervisor</source>
        <translation>值班主管</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="191"/>
        <source>The first person on this counter: a supervisor, who adds the clerks later.</source>
        <translation>本柜台的第一位员工：值班主管，之后由其添加售票员。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="193"/>
        <source>Staff ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="193"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="193"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="193"/>
        <source>PIN again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="204"/>
        <source>This store has staff already.</source>
        <translation>本终端已有员工。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="212"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="331"/>
        <source>First sync</source>
        <translation>首次同步</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="332"/>
        <source>Downloading the catalog, allocations and keys from central.</source>
        <translation>正在从中心下载节目目录、配额和密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="333"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="373"/>
        <source>Ready to sell. Downloaded: %1</source>
        <translation>可以开始售票。已下载：%1</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="375"/>
        <source>Central could not be reached: %1</source>
        <translation>无法连接中心：%1</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="384"/>
        <source>The sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
</context>
</TS>
