<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ApprovalDialog</name>
    <message>
        <location filename="../../ui/widgets/approval.py" line="32"/>
        <source>Supervisor approval</source>
        <translation>主管授权</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/approval.py" line="47"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/approval.py" line="48"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="42"/>
        <source>No sales</source>
        <translation>暂无销售</translation>
    </message>
</context>
<context>
    <name>CameraCorner</name>
    <message>
        <location filename="../../ui/door/camera_corner.py" line="23"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/door/camera_corner.py" line="54"/>
        <source>%1: use the scanner or the search box</source>
        <translation>%1，请使用扫码枪或搜索框</translation>
    </message>
</context>
<context>
    <name>CameraScanner</name>
    <message>
        <location filename="../../ui/door/camera.py" line="184"/>
        <source>Camera scanning is not installed</source>
        <translation>未安装摄像头扫码组件</translation>
    </message>
    <message>
        <location filename="../../ui/door/camera.py" line="188"/>
        <source>No camera</source>
        <translation>未检测到摄像头</translation>
    </message>
    <message>
        <location filename="../../ui/door/camera.py" line="274"/>
        <source>Camera error: %1</source>
        <translation>摄像头故障：%1</translation>
    </message>
</context>
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../ui/models/cart.py" line="85"/>
        <source>Booking fee per ticket</source>
        <translation>每张票的订票手续费</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="104"/>
        <source>Ticket</source>
        <translation>票</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="105"/>
        <source>Concession</source>
        <translation>票种</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="106"/>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="107"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="108"/>
        <source>Fee</source>
        <translation>手续费</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="109"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>CartPanel</name>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="53"/>
        <source>Coupon code (F6)</source>
        <translation>优惠券码 (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="56"/>
        <source>Member number (F7)</source>
        <translation>会员号 (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="63"/>
        <source>Customer mobile (optional)</source>
        <translation>顾客手机号（选填）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="74"/>
        <source>Pay (F12)</source>
        <translation>收款 (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="82"/>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="83"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="84"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="104"/>
        <source>Total: —</source>
        <translation>合计：—</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="104"/>
        <source>The cart is empty</source>
        <translation>购物车为空</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="111"/>
        <source>Subtotal %1</source>
        <translation>小计 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="114"/>
        <source>Discounts -%1</source>
        <translation>优惠 -%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="117"/>
        <source>Fees %1</source>
        <translation>服务费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="118"/>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
</context>
<context>
    <name>ConfirmBar</name>
    <message>
        <location filename="../../ui/widgets/confirm.py" line="22"/>
        <source>Confirm (F10)</source>
        <translation>确认 (F10)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/confirm.py" line="24"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <location filename="../../ui/customer_display.py" line="29"/>
        <source>Customer display</source>
        <translation>顾客显示屏</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="30"/>
        <location filename="../../ui/customer_display.py" line="67"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="69"/>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="72"/>
        <source>Paid %1</source>
        <translation>已付 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="74"/>
        <source>Change %1</source>
        <translation>找零 %1</translation>
    </message>
    <message>
        <location filename="../../ui/customer_display.py" line="76"/>
        <source>Thank you! Enjoy the show.</source>
        <translation>谢谢！祝您观演愉快。</translation>
    </message>
</context>
<context>
    <name>CustomerScreen</name>
    <message>
        <location filename="../../ui/screens/customer.py" line="75"/>
        <source>Mobile number (11 digits)</source>
        <translation>手机号（11位）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="79"/>
        <source>Member number</source>
        <translation>会员号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="81"/>
        <source>Find customer</source>
        <translation>查找顾客</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="88"/>
        <source>Sold</source>
        <translation>购票时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="89"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="90"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="91"/>
        <source>Performance</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="92"/>
        <source>Tickets</source>
        <translation>张数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="93"/>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="94"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="95"/>
        <source>Serve at</source>
        <translation>办理地点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="102"/>
        <source>Open order</source>
        <translation>打开订单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="105"/>
        <source>Noted</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="105"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="105"/>
        <source>Note</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="105"/>
        <source>Outlet</source>
        <translation>售票点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="109"/>
        <location filename="../../ui/screens/customer.py" line="197"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="110"/>
        <location filename="../../ui/screens/customer.py" line="197"/>
        <source>Request</source>
        <translation>诉求</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="116"/>
        <source>What the customer said or asked</source>
        <translation>顾客反映或提出的内容</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="117"/>
        <source>Record note</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="121"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="122"/>
        <source>or member number</source>
        <translation>或会员号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="136"/>
        <source>Notes about this customer</source>
        <translation>该顾客的服务记录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="146"/>
        <source>Enter the customer&apos;s mobile number or a member number (one of them).</source>
        <translation>请输入顾客的手机号或会员号（二选一）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="150"/>
        <source>Asking central…</source>
        <translation>正在查询中心…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="159"/>
        <source>A note is recorded against a mobile number: enter it first.</source>
        <translation>服务记录需关联手机号：请先输入手机号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="185"/>
        <source>Customer %1: %2 order(s), %3 note(s).</source>
        <translation>顾客 %1：%2 笔订单，%3 条记录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="209"/>
        <source>%1 refunded</source>
        <translation>已退 %1 张</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="211"/>
        <source>collected</source>
        <translation>已取票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="213"/>
        <source>invoiced</source>
        <translation>已申请发票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="214"/>
        <source>here (refund, exchange)</source>
        <translation>本机（退票、换票）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="214"/>
        <source>here (pickup)</source>
        <translation>本机（取票）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="215"/>
        <source>outlet %1</source>
        <translation>售票点 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="219"/>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="219"/>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="230"/>
        <source>Note recorded: it goes to central with the next sync.</source>
        <translation>已记录：将在下次同步时上传中心。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="253"/>
        <source>Customer look-up needs central, which cannot be reached now.</source>
        <translation>查询顾客需要连接中心，目前无法连接。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="256"/>
        <source>Too many customer look-ups at this terminal: central refuses more for a while.</source>
        <translation>本机查询顾客过于频繁：中心暂时拒绝更多查询。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="258"/>
        <source>No order or note is recorded for this phone.</source>
        <translation>该手机号没有订单或服务记录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="259"/>
        <source>No member has this number.</source>
        <translation>没有此会员号的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="260"/>
        <source>A customer phone is an 11-digit mobile number.</source>
        <translation>顾客手机号应为11位手机号码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/customer.py" line="261"/>
        <source>A note is 1 to 500 characters.</source>
        <translation>记录内容应为1至500个字。</translation>
    </message>
</context>
<context>
    <name>DoorMode</name>
    <message>
        <location filename="../../ui/screens/door_mode.py" line="36"/>
        <source>Open the door</source>
        <translation>开始检票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door_mode.py" line="41"/>
        <source>Performance</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door_mode.py" line="43"/>
        <source>Gate</source>
        <translation>入口</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door_mode.py" line="46"/>
        <source>No performance today or tomorrow: sync the catalog, or check the date.</source>
        <translation>今天和明天没有演出：请同步目录，或检查日期。</translation>
    </message>
</context>
<context>
    <name>DoorScreen</name>
    <message>
        <location filename="../../ui/screens/door.py" line="98"/>
        <source>Gate %1</source>
        <translation>%1 号门</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="124"/>
        <source>Ticket code or order number</source>
        <translation>票码或订单号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="126"/>
        <source>Check</source>
        <translation>检票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="128"/>
        <source>Exit scans</source>
        <translation>出场扫码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="148"/>
        <source>ONE TICKET AT A TIME</source>
        <translation>请逐张出示</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="149"/>
        <source>%1 codes in view: show the camera one ticket</source>
        <translation>画面中有 %1 个票码：请一次只出示一张票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="218"/>
        <source>NOT CHECKED</source>
        <translation>未检票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="235"/>
        <location filename="../../ui/screens/door.py" line="239"/>
        <source>NOT FOUND</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="239"/>
        <source>No order %1 on this terminal</source>
        <translation>本终端没有订单 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="246"/>
        <source>Order %1: %2 of %3 tickets accepted</source>
        <translation>订单 %1：%3 张票中 %2 张通过</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="262"/>
        <source>Holder %1 · ID %2 — check the document</source>
        <translation>持票人 %1 · 证件 %2 — 请核对证件</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="268"/>
        <source>ADMITTED JUST NOW</source>
        <translation>刚刚已入场</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="269"/>
        <source>%1: let in %2 s ago at this gate. One person per ticket.</source>
        <translation>%1：%2 秒前已在本门入场。一票一人。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="279"/>
        <source>Scan an exit</source>
        <translation>请扫描出场票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="279"/>
        <source>Scan a ticket</source>
        <translation>请扫描门票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="298"/>
        <source>%1 double admissions (split)</source>
        <translation>断网期间重复入场 %1 张</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="308"/>
        <source>Central refuses this terminal&apos;s scans: it is not bound as a door of this venue. Scans are kept here. Ask a supervisor to bind it at central (pos central door bind %1 --venue VENUE).</source>
        <translation>中心拒收本终端的检票记录：它尚未绑定为本场馆的检票口。检票记录保存在本机。请值班主管在中心绑定（pos central door bind %1 --venue 场馆）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/door.py" line="316"/>
        <source>Admitted %1 / %2 · Refused %3</source>
        <translation>已入场 %1 / %2 · 拒绝 %3</translation>
    </message>
</context>
<context>
    <name>EnrolPage</name>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="85"/>
        <source>Enrol with central</source>
        <translation>向中心注册</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="87"/>
        <source>Enter central&apos;s address and the one-time code from the platform&apos;s back office.</source>
        <translation>输入中心地址和平台后台提供的一次性注册码。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="89"/>
        <source>Central</source>
        <translation>中心地址</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="90"/>
        <source>Code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="91"/>
        <source>No keyring on this PC: keep the token in an owner-only file</source>
        <translation>本机没有系统密钥环：将令牌保存在仅本用户可读的文件中</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="92"/>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="106"/>
        <source>Enrolling…</source>
        <translation>正在注册…</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="118"/>
        <source>Enrolled as terminal %1 of outlet %2.</source>
        <translation>已注册为网点 %2 的终端 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="129"/>
        <source>Enrolment failed: %1</source>
        <translation>注册失败：%1</translation>
    </message>
</context>
<context>
    <name>ExchangePanel</name>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="69"/>
        <location filename="../../ui/screens/orders_exchange.py" line="92"/>
        <source>Exchange</source>
        <translation>换票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="90"/>
        <source>Find seats and price</source>
        <translation>选座并计价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="109"/>
        <source>Performance</source>
        <translation>场次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="111"/>
        <source>Seats or standing</source>
        <translation>座位或站票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="113"/>
        <source>Concession</source>
        <translation>票种</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="115"/>
        <source>How many</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="137"/>
        <source>Exchanging %1 ticket(s), worth %2 (booking fees are not refunded).</source>
        <translation>换 %1 张票，抵扣 %2（手续费不退）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="188"/>
        <source>Seats · %1 %2</source>
        <translation>座位 · %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="194"/>
        <source>Standing · %1 (%2 left)</source>
        <translation>站票 · %1（余 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="222"/>
        <source>Choose the performance and the seats first.</source>
        <translation>请先选择场次和座位。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="229"/>
        <source>No %1 seats side by side are left in this zone: choose another.</source>
        <translation>此区域已没有 %1 个相邻座位：请换一个区域。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="248"/>
        <source>the customer pays %1 more</source>
        <translation>顾客需补 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="250"/>
        <source>%1 goes back to the customer</source>
        <translation>退还顾客 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="254"/>
        <source>no difference to settle</source>
        <translation>无差价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="256"/>
        <source>New: %1 · %2; old tickets %3: %4.</source>
        <translation>新票：%1 · %2；原票 %3：%4。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="273"/>
        <source>A supervisor approves this exchange.</source>
        <translation>此次换票需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="303"/>
        <source>The refund window has closed: a supervisor approves this late exchange.</source>
        <translation>退票期限已过：逾期换票需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_exchange.py" line="310"/>
        <source>Exchanging…</source>
        <translation>正在换票…</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/firstrun/wizard.py" line="49"/>
        <location filename="../../ui/firstrun/wizard.py" line="74"/>
        <source>Outlet POS set-up</source>
        <translation>售票终端设置</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/widgets/help.py" line="16"/>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="18"/>
        <source>Everywhere</source>
        <translation>所有界面</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="19"/>
        <source>Sell</source>
        <translation>售票</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="20"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="21"/>
        <source>Seat map</source>
        <translation>座位图</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="23"/>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="23"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="23"/>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>HolderDialog</name>
    <message>
        <location filename="../../ui/widgets/holders.py" line="32"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="33"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="34"/>
        <source>HK/Macau permit</source>
        <translation>港澳居民来往内地通行证</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="35"/>
        <source>Taiwan permit</source>
        <translation>台湾居民来往大陆通行证</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="40"/>
        <source>The name has characters that cannot be printed.</source>
        <translation>姓名含有无法打印的字符。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="41"/>
        <source>Type the holder&apos;s name as on the document.</source>
        <translation>请按证件输入持票人姓名。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="42"/>
        <source>The name is too long (at most 50 characters).</source>
        <translation>姓名过长（最多 50 个字）。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="43"/>
        <source>Type the document&apos;s number.</source>
        <translation>请输入证件号码。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="44"/>
        <source>The number has the wrong form: a resident ID is 18 characters (17 digits, then a digit or X); other documents 5 to 20 letters or digits.</source>
        <translation>号码格式不对：身份证为 18 位（17 位数字加一位数字或 X）；其他证件为 5 至 20 位字母或数字。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="47"/>
        <source>The resident ID&apos;s check digit does not match: compare each digit with the card.</source>
        <translation>身份证校验位不符：请逐位与证件核对。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="60"/>
        <source>Ticket holders (real-name event)</source>
        <translation>购票人信息（实名制）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="69"/>
        <source>Ticket</source>
        <translation>票</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="69"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="69"/>
        <source>Document</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="69"/>
        <source>Number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="109"/>
        <source>Compare each name with the ID document before selling.</source>
        <translation>售票前请核对每位购票人的姓名与证件。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="137"/>
        <source>Not valid: check the name, the document and its number.</source>
        <translation>无效：请检查姓名、证件类型及号码。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/holders.py" line="144"/>
        <source>The same document is on ticket %1.</source>
        <translation>该证件已用于第 %1 张票。</translation>
    </message>
</context>
<context>
    <name>LanguagePage</name>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="43"/>
        <source>Welcome to Outlet POS</source>
        <translation>欢迎使用售票终端</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="44"/>
        <source>Choose the language of this counter (screens and printed tickets).</source>
        <translation>选择本柜台的语言（屏幕和打印的票）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>Outlet POS — %1 %2</source>
        <translation>售票终端 — %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <source>Sell</source>
        <translation>售票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="119"/>
        <source>Pickup</source>
        <translation>取票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="132"/>
        <source>Customers</source>
        <translation>顾客服务</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="121"/>
        <source>Door</source>
        <translation>检票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>Shift &amp;&amp; close-out</source>
        <translation>班次与日结</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>Orders &amp;&amp; refunds</source>
        <translation>订单与退换</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="134"/>
        <source>Partner account</source>
        <translation>合伙人账户</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="139"/>
        <source>Training</source>
        <translation>培训</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="348"/>
        <source>selling from this outlet&apos;s allocation only; sales upload when central is back.</source>
        <translation>仅可销售本网点配额；中心恢复后自动上传销售。</translation>
    </message>
</context>
<context>
    <name>MemberLookup</name>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="26"/>
        <source>Find a member</source>
        <translation>查找会员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="32"/>
        <source>Scan the member code, or type the member number or phone</source>
        <translation>扫描会员码，或输入会员号或手机号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="43"/>
        <source>Use for this sale</source>
        <translation>用于本单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="48"/>
        <source>Member code, member number or phone (phone: online only)</source>
        <translation>会员码、会员号或手机号（手机号仅限联网时）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="70"/>
        <source>Looking up…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="79"/>
        <source>Member %1 · %2 · phone %3 · %4 points</source>
        <translation>会员 %1 · %2 · 手机 %3 · 积分 %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="96"/>
        <source>No member with that number or phone.</source>
        <translation>没有该会员号或手机号的会员。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="97"/>
        <source>A member number is 4 to 20 letters and digits.</source>
        <translation>会员号为4至20位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="98"/>
        <source>This member code is forged or altered: do not accept it.</source>
        <translation>此会员码是伪造或被篡改的：请勿接受。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="99"/>
        <source>This member code was not signed by the platform.</source>
        <translation>此会员码不是平台签发的。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="100"/>
        <source>This is not a readable member code.</source>
        <translation>这不是可读取的会员码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="101"/>
        <source>This member code is of a version this terminal does not read.</source>
        <translation>此会员码的版本本终端无法读取。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="102"/>
        <source>Finding by phone needs the platform: scan the member code or type the member number.</source>
        <translation>按手机号查找需要连接平台：请扫描会员码或输入会员号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="104"/>
        <source>Type the full 11-digit mobile number.</source>
        <translation>请输入完整的11位手机号。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/member_lookup.py" line="105"/>
        <source>Too many look-ups by phone at this terminal: the platform refuses more for a while. Scan the member code or type the member number.</source>
        <translation>本终端按手机号查询会员过于频繁，平台暂时拒绝查询。请扫描会员码或输入会员号。</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <location filename="../../ui/screens/orders.py" line="77"/>
        <source>Find (Enter)</source>
        <translation>查找 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="232"/>
        <source>Ticket</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="233"/>
        <source>Seat or area</source>
        <translation>座位或区域</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="234"/>
        <source>Concession</source>
        <translation>票种</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="235"/>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="236"/>
        <source>Refund</source>
        <translation>可退金额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="237"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="92"/>
        <source>Refund selected (F5)</source>
        <translation>退选中票 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="93"/>
        <source>Refund whole order (F6)</source>
        <translation>整单退票 (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="94"/>
        <source>Void last sale (F7)</source>
        <translation>撤销上一笔 (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="95"/>
        <source>Exchange selected (F8)</source>
        <translation>换选中票 (F8)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="96"/>
        <source>Reprint ticket (F9)</source>
        <translation>补打票 (F9)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="99"/>
        <source>Keys: Enter find · F5 refund selected · F6 refund order · F7 void last sale · F8 exchange · F9 reprint · F10 confirm · Esc cancel</source>
        <translation>快捷键：Enter 查找 · F5 退选中票 · F6 整单退票 · F7 撤销上一笔 · F8 换票 · F9 补打 · F10 确认 · Esc 取消</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="171"/>
        <source>Looking up…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="258"/>
        <source>Order %1 · %2 · %3 · status %4 · sold by %5 at %6 · total %7</source>
        <translation>订单 %1 · %2 · %3 · 状态 %4 · 售票员 %5 于 %6 · 合计 %7</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="290"/>
        <source>Payments: %1</source>
        <translation>付款：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="212"/>
        <source>Select the tickets to refund first.</source>
        <translation>请先选择要退的票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="218"/>
        <location filename="../../ui/screens/orders.py" line="296"/>
        <source>Find an order first.</source>
        <translation>请先查找订单。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="132"/>
        <source>Ticket %1 is %2: it cannot be refunded. Select only valid tickets.</source>
        <translation>票 %1 %2：不能退票。请只选择有效的票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="141"/>
        <source>Refund %1 for %2 ticket(s) of order %3: %4. Booking fees are not refunded.</source>
        <translation>退款 %1，订单 %3 的 %2 张票：%4。手续费不退。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="74"/>
        <source>Order number (e.g. T01-000001, or just 1) or scan a ticket</source>
        <translation>订单号（如 T01-000001，或只输序号 1）或扫描门票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="251"/>
        <source>A supervisor approves this refund.</source>
        <translation>此次退票需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="261"/>
        <source>The refund window has closed: a supervisor approves this late refund.</source>
        <translation>退票期限已过：逾期退票需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="267"/>
        <source>Refunding…</source>
        <translation>正在退票…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="276"/>
        <source>Void this terminal&apos;s last sale: everything paid goes back, booking fees included.</source>
        <translation>撤销本终端的上一笔交易：全部款项退回，包括手续费。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="285"/>
        <source>A supervisor approves voiding the last sale.</source>
        <translation>撤销上一笔交易需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="287"/>
        <source>Voiding…</source>
        <translation>正在撤销…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="301"/>
        <source>Select valid tickets to exchange.</source>
        <translation>请选择要换的有效票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="311"/>
        <source>Select one ticket to reprint.</source>
        <translation>请选择一张要补打的票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders.py" line="320"/>
        <source>A supervisor approves reprinting ticket %1; its old code stops working.</source>
        <translation>补打票 %1 需主管批准；原票码将作废。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="176"/>
        <source>Printing failed: %1 %2</source>
        <translation>打印失败：%1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="188"/>
        <source>The new ticket was printed.</source>
        <translation>新票已打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="189"/>
        <source>No printer is set up, so nothing was printed.</source>
        <translation>未设置打印机，未打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="127"/>
        <source>Not done: a supervisor must approve this. Nothing was changed.</source>
        <translation>未执行：此操作需主管批准。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="153"/>
        <source>Refunded %1: %2.</source>
        <translation>已退款 %1：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="154"/>
        <source>Voided order %3: %1 back: %2.</source>
        <translation>已撤销订单 %3：退回 %1：%2。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="166"/>
        <source>Ticket %1 replaced by %2: the old code no longer admits.</source>
        <translation>票 %1 已由 %2 替换：原票码不能再入场。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="180"/>
        <source>The new ticket was sent to the printer, which cannot confirm it printed: check that it came out (if not, retry its print job).</source>
        <translation>新票已发送到打印机，但打印机无法确认是否打印成功：请检查是否已打出（如未打出，请重试该打印任务）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="193"/>
        <source>Exchanged into order %1 (%2).</source>
        <translation>已换成订单 %1（%2）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="195"/>
        <source>collected %1, change %2</source>
        <translation>收取 %1，找零 %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="202"/>
        <source>refunded %1: %2</source>
        <translation>退还 %1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="207"/>
        <source>no difference</source>
        <translation>无差价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="77"/>
        <source>%1 in cash from the drawer</source>
        <translation>从钱箱退现金 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="79"/>
        <source>%1 back to %2 %3</source>
        <translation>%1 退回%2 %3</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="66"/>
        <source>cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="67"/>
        <source>card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="68"/>
        <source>mobile</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="69"/>
        <source>exchange credit</source>
        <translation>换票抵扣</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="37"/>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="38"/>
        <source>scanned at the door</source>
        <translation>已检票入场</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="39"/>
        <source>refunded</source>
        <translation>已退票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="40"/>
        <source>partly refunded</source>
        <translation>部分退票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="41"/>
        <source>voided</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="42"/>
        <source>exchanged</source>
        <translation>已换票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="43"/>
        <source>partly exchanged</source>
        <translation>部分换票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="44"/>
        <source>reprinted</source>
        <translation>已补打</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="45"/>
        <source>revoked</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="46"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="54"/>
        <source>Tickets printed (confirmed).</source>
        <translation>票已打印（已确认）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="55"/>
        <source>Tickets sent to a printer that could not confirm them: ask whether they came out.</source>
        <translation>票已发送到无法确认打印结果的打印机：请确认是否已打出。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="58"/>
        <source>Some tickets printed, the others not yet.</source>
        <translation>部分票已打印，其余尚未打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="59"/>
        <source>Printing the tickets failed: retry the print job.</source>
        <translation>打票失败：请重试该打印任务。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="61"/>
        <source>Tickets not printed yet.</source>
        <translation>票尚未打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="106"/>
        <source>This is neither an order number nor a readable ticket code.</source>
        <translation>这既不是订单号，也不是可识别的票码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="107"/>
        <source>Type the order number from the receipt, or scan the ticket again.</source>
        <translation>请输入小票上的订单号，或重新扫描票码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="109"/>
        <source>No such order or ticket was sold on this terminal.</source>
        <translation>本终端没有售出此订单或此票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="110"/>
        <source>Check the number on the receipt; online orders are handed out in Pickup.</source>
        <translation>请核对小票上的号码；网上订单请在取票界面处理。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="114"/>
        <source>The last sale is older than the void window.</source>
        <translation>上一笔交易已超过可撤销时限。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="115"/>
        <source>Refund it instead: find the order and refund it (F6).</source>
        <translation>请改为退票：查找该订单后退票 (F6)。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="117"/>
        <source>This order was already refunded, voided or exchanged. Nothing was changed.</source>
        <translation>此订单已退票、撤销或换票。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_view.py" line="120"/>
        <source>Find the order again to see what is still valid.</source>
        <translation>请重新查找订单，查看仍有效的票。</translation>
    </message>
</context>
<context>
    <name>PartnerScreen</name>
    <message>
        <location filename="../../ui/screens/partner.py" line="55"/>
        <source>The partner account is for supervisors: sign in as one.</source>
        <translation>合伙人账户仅供主管查看：请以主管身份登录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="60"/>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="60"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="60"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="61"/>
        <source>Days from … to …</source>
        <translation>自选日期</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="69"/>
        <source>Show statement</source>
        <translation>查看对账单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="71"/>
        <source>Export PDF (to print)…</source>
        <translation>导出 PDF（用于打印）…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="73"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="75"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="86"/>
        <source>Owed at the start</source>
        <translation>期初应付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="86"/>
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="87"/>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="87"/>
        <source>Fees returned by voids</source>
        <translation>撤销退回的手续费</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="88"/>
        <source>Commission (net)</source>
        <translation>佣金（净额）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="88"/>
        <source>Owed for the period</source>
        <translation>本期应付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="89"/>
        <source>Payments received</source>
        <translation>已收付款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="89"/>
        <source>Owed at the end</source>
        <translation>期末应付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="94"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="94"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="94"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="95"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="95"/>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="95"/>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="113"/>
        <source>Close-outs central disagreed with</source>
        <translation>与中心不符的日结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="176"/>
        <source>Asking central…</source>
        <translation>正在查询中心…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="192"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="194"/>
        <source>%1 to %2: %3 order(s), credit left %4</source>
        <translation>%1 至 %2：%3 笔订单，可用额度 %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="196"/>
        <source>Commission today: %1</source>
        <translation>今日佣金：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="204"/>
        <source>None: every close-out agreed with central.</source>
        <translation>无：每次日结均与中心一致。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="207"/>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="207"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="207"/>
        <source>Void</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="208"/>
        <source>Exchange</source>
        <translation>改签</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="208"/>
        <source>Payment</source>
        <translation>付款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="217"/>
        <source>orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="217"/>
        <source>tickets</source>
        <translation>票数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="217"/>
        <source>sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="218"/>
        <source>refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="221"/>
        <source>%1: this terminal %2, central %3</source>
        <translation>%1：本终端 %2，中心 %3</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="226"/>
        <source>What to do: let the queued orders and refunds upload (sync), settle what needs attention, then close the day again; if it stays, call the platform with the close-out number.</source>
        <translation>处理办法：先让排队的订单和退款上传（同步），处理待办事项，再重新日结；若仍不一致，请带上日结编号联系平台。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="229"/>
        <source>What to do: central counted more than this terminal (a restored backup, or the terminal&apos;s token used elsewhere): do not sell on until the platform has checked; call it with the close-out number.</source>
        <translation>处理办法：中心记录多于本终端（可能恢复过备份，或本终端令牌在别处被使用）：平台核查前请暂停售票，并带上日结编号联系平台。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="238"/>
        <location filename="../../ui/screens/partner.py" line="277"/>
        <source>Show a statement first.</source>
        <translation>请先查看对账单。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="242"/>
        <source>Export the statement</source>
        <translation>导出对账单</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="269"/>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="280"/>
        <source>Printing the statement…</source>
        <translation>正在打印对账单…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="294"/>
        <source>The statement was not printed.</source>
        <translation>对账单未打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="295"/>
        <source>Check the printer, then press Print again.</source>
        <translation>请检查打印机，然后再按“打印”。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="301"/>
        <source>No printer is set up: nothing was printed. Add one in the settings.</source>
        <translation>尚未设置打印机：未打印任何内容。请在设置中添加打印机。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="303"/>
        <source>Printed on %1</source>
        <translation>已在 %1 打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/partner.py" line="305"/>
        <source>Sent to %1, which cannot confirm it printed: check the paper</source>
        <translation>已发送到 %1，该打印机无法确认是否打印成功：请检查打印纸</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/widgets/payment.py" line="41"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="43"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="54"/>
        <source>approval code on the card slip</source>
        <translation>刷卡小票上的授权码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="64"/>
        <source>&amp;Cash handed over</source>
        <translation>实收现金(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="65"/>
        <source>Car&amp;d amount</source>
        <translation>刷卡金额(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="66"/>
        <source>Card approval code</source>
        <translation>刷卡授权码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="69"/>
        <source>Exact (F5)</source>
        <translation>正好 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="81"/>
        <source>Pay and sell (Enter)</source>
        <translation>收款出票 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="87"/>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="158"/>
        <source>Change: —</source>
        <translation>找零：—</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="163"/>
        <source>Change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="167"/>
        <source>Still due: %1</source>
        <translation>尚欠：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="117"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="118"/>
        <location filename="../../ui/screens/pay_tiles.py" line="149"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="119"/>
        <location filename="../../ui/screens/pay_tiles.py" line="149"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="120"/>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="143"/>
        <source>Scan the customer&apos;s payment code (%1).</source>
        <translation>请扫描顾客的付款码（%1）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="158"/>
        <location filename="../../ui/widgets/payment.py" line="175"/>
        <source>An amount is not valid: use e.g. 120 or 120.50.</source>
        <translation>金额无效：请输入如 120 或 120.50。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="163"/>
        <location filename="../../ui/widgets/payment.py" line="179"/>
        <source>Enter the card approval code.</source>
        <translation>请输入刷卡授权码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="168"/>
        <source>Nothing is left to pay by mobile.</source>
        <translation>已没有需要移动支付的金额。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_tiles.py" line="182"/>
        <source>This terminal takes no %1 payments.</source>
        <translation>本终端不收%1付款。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="184"/>
        <source>Not enough: the payment is below the total.</source>
        <translation>金额不足：收款少于合计。</translation>
    </message>
</context>
<context>
    <name>PaymentWait</name>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="36"/>
        <source>Cancel the payment (Esc)</source>
        <translation>取消付款（Esc）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="61"/>
        <source>Cancelling: giving back anything taken…</source>
        <translation>正在取消：退回已扣的款项…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="71"/>
        <source>Waiting for the customer to confirm in %1 (password or fingerprint)…</source>
        <translation>等待顾客在%1中确认（输入密码或指纹）…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="76"/>
        <source>Paid: selling…</source>
        <translation>已付款：正在出票…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="78"/>
        <source>Charging %1…</source>
        <translation>正在通过%1扣款…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pay_wait.py" line="81"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>PeerLink</name>
    <message>
        <location filename="../../ui/door/peer_link.py" line="49"/>
        <source>Not sharing with the other doors: %1</source>
        <translation>未与其他闸口共享：%1</translation>
    </message>
    <message>
        <location filename="../../ui/door/peer_link.py" line="74"/>
        <source>%1 of %2 other doors unreachable</source>
        <translation>%2 个其他闸口中 %1 个无法连接</translation>
    </message>
    <message>
        <location filename="../../ui/door/peer_link.py" line="80"/>
        <source>Sharing with %1 other doors</source>
        <translation>正与 %1 个其他闸口共享</translation>
    </message>
</context>
<context>
    <name>PerformanceBrowser</name>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="43"/>
        <source>Search event (F2)</source>
        <translation>搜索演出 (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="49"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="51"/>
        <source>Concert</source>
        <translation>音乐会</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="52"/>
        <source>Theatre</source>
        <translation>戏剧</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="53"/>
        <source>Sport</source>
        <translation>体育</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="54"/>
        <source>Festival</source>
        <translation>音乐节</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="55"/>
        <source>Cinema</source>
        <translation>电影</translation>
    </message>
</context>
<context>
    <name>PerformanceModel</name>
    <message>
        <location filename="../../ui/models/performances.py" line="63"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="65"/>
        <source>Not on sale</source>
        <translation>未开售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="67"/>
        <source>Sales closed</source>
        <translation>已停售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="69"/>
        <source>Not yet on sale</source>
        <translation>尚未开售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="72"/>
        <source>Sold out here</source>
        <translation>本点已售完</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/performances.py" line="73"/>
        <source>%n left</source>
        <translation>
            <numerusform>余 %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="110"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="110"/>
        <source>Event</source>
        <translation>演出</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="110"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="110"/>
        <source>Availability</source>
        <translation>余票</translation>
    </message>
</context>
<context>
    <name>PerformancePanel</name>
    <message numerus="yes">
        <location filename="../../ui/screens/sell_panels.py" line="228"/>
        <source>%n seat(s) available here</source>
        <translation>
            <numerusform>本点可售 %n 个座位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell_panels.py" line="233"/>
        <source>%n seat(s) selected: %1. Enter adds them.</source>
        <translation>
            <numerusform>已选 %n 个座位：%1。按回车加入。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <location filename="../../ui/screens/pickup.py" line="63"/>
        <source>Pickup code (8 digits)</source>
        <translation>取票码（8位数字）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="67"/>
        <source>Order number (W + 9 digits)</source>
        <translation>订单号（W加9位数字）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="70"/>
        <source>Last 4 digits of the phone</source>
        <translation>手机号后4位</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="72"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="74"/>
        <source>Hand out and print</source>
        <translation>取票并打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="84"/>
        <source>Ticket</source>
        <translation>票号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="84"/>
        <source>Seat or area</source>
        <translation>座位或区域</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="84"/>
        <source>Price type</source>
        <translation>票种</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="84"/>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="89"/>
        <source>Pickup code</source>
        <translation>取票码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="90"/>
        <source>or order number</source>
        <translation>或订单号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="91"/>
        <source>and phone (last 4)</source>
        <translation>及手机号后4位</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="124"/>
        <source>Looking up the order…</source>
        <translation>正在查找订单…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="158"/>
        <source>Central is unreachable: this order is handed out from this outlet&apos;s copy.</source>
        <translation>无法连接中心：本订单按本网点的副本取票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="162"/>
        <source>Ready to hand out.</source>
        <translation>可以取票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="169"/>
        <source>Handed out. Print the tickets now.</source>
        <translation>已取票，请打印门票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="171"/>
        <source>(offline: central hears of it at the next sync)</source>
        <translation>（离线：下次同步时通知中心）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="178"/>
        <source>Order %1 · %2 · %3 ticket(s) · %4</source>
        <translation>订单 %1 · %2 · %3 张 · %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="206"/>
        <source>Already collected on %1 at outlet %2.</source>
        <translation>已于 %1 在网点 %2 取票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/pickup.py" line="219"/>
        <source>Central is unreachable and this order was not sent to this outlet: try again when online.</source>
        <translation>无法连接中心，且本订单未分配到本网点取票：请联网后重试。</translation>
    </message>
</context>
<context>
    <name>PointsTender</name>
    <message>
        <location filename="../../ui/widgets/points_tender.py" line="30"/>
        <source>Points to redeem (member has %1)</source>
        <translation>使用积分（会员有 %1 分）</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tender.py" line="34"/>
        <source>Member&apos;s points</source>
        <translation>会员积分</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tender.py" line="46"/>
        <source>Points: a whole number, at most the member&apos;s %1.</source>
        <translation>积分：须为整数，最多为会员的 %1 分。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/points_tender.py" line="59"/>
        <source>More points than the total.</source>
        <translation>积分超过了总额。</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="58"/>
        <source>Ticket printer</source>
        <translation>票据打印机</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="60"/>
        <source>Set up the printer and print a test page (you can skip this and do it later).</source>
        <translation>设置打印机并打印测试页（可以跳过，稍后再设置）。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="62"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="63"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="64"/>
        <source>Paper</source>
        <translation>纸宽</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="65"/>
        <source>Save and print a test page</source>
        <translation>保存并打印测试页</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="96"/>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="103"/>
        <source>Test page printed. Check that the Chinese text and the QR code are sharp.</source>
        <translation>测试页已打印。请检查中文和二维码是否清晰。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="106"/>
        <source>Test page sent; this printer cannot confirm it printed. Check that it came out, with sharp Chinese text and QR code.</source>
        <translation>测试页已发送；该打印机无法确认是否打印成功。请检查是否已打出，中文和二维码是否清晰。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="113"/>
        <source>Printing failed: %1</source>
        <translation>打印失败：%1</translation>
    </message>
</context>
<context>
    <name>RecentOrderModel</name>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="54"/>
        <source>Order</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="54"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="54"/>
        <source>Show</source>
        <translation>演出</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="54"/>
        <source>Tickets</source>
        <translation>张数</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="54"/>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="55"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>RecentOrdersPanel</name>
    <message>
        <location filename="../../ui/screens/orders_recent.py" line="84"/>
        <source>Latest orders on this terminal (double-click or Enter to open)</source>
        <translation>本机最近订单（双击或按回车打开）</translation>
    </message>
</context>
<context>
    <name>RefusedOrders</name>
    <message>
        <location filename="../../ui/attention.py" line="31"/>
        <source>An order was refused by central</source>
        <translation>订单被中心拒绝</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/attention.py" line="34"/>
        <source>%n order(s) were not accepted by central: their tickets are void and will not pass the door.</source>
        <translation>
            <numerusform>%n 笔订单未被中心接受：其门票已作废，检票时将被拒绝。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/attention.py" line="38"/>
        <source>Tell the customer:</source>
        <translation>请告知顾客：</translation>
    </message>
</context>
<context>
    <name>SalePanel</name>
    <message numerus="yes">
        <location filename="../../ui/screens/sell_panels.py" line="345"/>
        <source>Sold: order %1, %n ticket(s).</source>
        <translation>
            <numerusform>已售出：订单 %1，共 %n 张票。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell_panels.py" line="356"/>
        <source>Order %1 · %n ticket(s)</source>
        <translation>
            <numerusform>订单 %1 · %n 张</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell_panels.py" line="376"/>
        <source>(extended %n time(s))</source>
        <translation>
            <numerusform>（已延长 %n 次）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SeatMapView</name>
    <message numerus="yes">
        <location filename="../../ui/seatmap/view.py" line="133"/>
        <source>No %n seats together are left.</source>
        <translation>
            <numerusform>已没有 %n 个相连的座位。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="176"/>
        <source>%1, row %2: %3</source>
        <translation>%1 %2排：%3座</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="192"/>
        <source>%1, row %2, seat %3</source>
        <translation>%1 %2排 %3座</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="201"/>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="202"/>
        <source>Held by this terminal</source>
        <translation>本终端锁定</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="204"/>
        <location filename="../../ui/seatmap/view.py" line="209"/>
        <source>Available online (held at central when added)</source>
        <translation>可在线售出（加入购物车时向中心锁座）</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="206"/>
        <source>Not sellable offline: not allocated to this outlet</source>
        <translation>离线不可售：未分配给本售票点</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="211"/>
        <source>Online only: not leased to this terminal for offline sale</source>
        <translation>仅限联网销售：未租给本终端离线销售</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="213"/>
        <source>Not sellable: allocated to another outlet</source>
        <translation>不可售：已分配给其他售票点</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="214"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="215"/>
        <source>Blocked</source>
        <translation>已封锁</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/seatmap/view.py" line="280"/>
        <source>At most %n seats at a time.</source>
        <translation>
            <numerusform>一次最多 %n 个座位。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="76"/>
        <source>Choose a performance (F2 to search)</source>
        <translation>请选择场次（F2 搜索）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="87"/>
        <source>Add (Enter)</source>
        <translation>加入 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="107"/>
        <source>Standing (F4)</source>
        <translation>站票 (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="89"/>
        <source>Best available (B)</source>
        <translation>最佳连座 (B)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="90"/>
        <source>Add seats (Enter)</source>
        <translation>加入座位 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="115"/>
        <source>Concession for new tickets</source>
        <translation>新票票种</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="182"/>
        <source>%1 (%2 left)</source>
        <translation>%1（余 %2）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="353"/>
        <source>Change due %1</source>
        <translation>找零 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="354"/>
        <source>Paid exactly: no change</source>
        <translation>金额正好，无需找零</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="226"/>
        <source>Holding at central…</source>
        <translation>正在向中心锁座…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="289"/>
        <source>Central cannot be reached: this cart sells from the offline stock.</source>
        <translation>无法连接中心：本单改用离线库存出售。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="349"/>
        <source>The total changed while paying: nothing was charged. Pay again.</source>
        <translation>付款期间总价有变，未收取任何款项。请重新付款。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_lines.py" line="48"/>
        <source>Price override</source>
        <translation>改价</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_lines.py" line="50"/>
        <source>New price for %1 (yuan):</source>
        <translation>%1 的新价格（元）：</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_lines.py" line="90"/>
        <source>A supervisor approves the new price %1.</source>
        <translation>新价格 %1 需主管授权。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_lines.py" line="132"/>
        <source>Real-name event: press F10 to enter each ticket&apos;s holder.</source>
        <translation>实名制演出：按 F10 录入每张票的购票人。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="294"/>
        <source>The hold expired and the seats were released. Add them again.</source>
        <translation>锁座已过期，座位已释放。请重新加入。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="372"/>
        <source>Held at central for %1</source>
        <translation>中心锁座剩余 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="351"/>
        <source>Selling…</source>
        <translation>正在出票…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="349"/>
        <source>Change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="350"/>
        <source>Ready for the next customer.</source>
        <translation>请接待下一位顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="61"/>
        <source>No printer is set up: nothing was printed.</source>
        <translation>未设置打印机：未打印任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="63"/>
        <source>Printed on %1.</source>
        <translation>已在 %1 打印。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="74"/>
        <source>Printed on %1 (confirmed by %2).</source>
        <translation>已在 %1 打印（由 %2 确认）。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="84"/>
        <source>Sent to %1, which cannot confirm it printed.</source>
        <translation>已发送到 %1，该打印机无法确认是否打印成功。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="104"/>
        <source>The sale is saved, but printing failed.</source>
        <translation>交易已保存，但打印失败。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_printing.py" line="105"/>
        <source>Print job %1 can be retried.</source>
        <translation>打印任务 %1 可以重试。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell_panels.py" line="302"/>
        <source>%1 (standing)</source>
        <translation>%1（站票）</translation>
    </message>
    <message>
        <location filename="../../ui/print_question.py" line="36"/>
        <source>Printer cannot confirm</source>
        <translation>打印机无法确认</translation>
    </message>
    <message>
        <location filename="../../ui/print_question.py" line="37"/>
        <source>Did the tickets come out?</source>
        <translation>票打出来了吗？</translation>
    </message>
    <message>
        <location filename="../../ui/print_question.py" line="39"/>
        <source>Printer %1 took the job but cannot report whether it printed. Check that every ticket and the receipt came out whole and legible.</source>
        <translation>打印机 %1 已接收打印任务，但无法回报是否打印成功。请检查每张票和购票凭证是否完整清晰地打出。</translation>
    </message>
    <message>
        <location filename="../../ui/print_question.py" line="45"/>
        <source>Yes, they came out</source>
        <translation>是，已打出</translation>
    </message>
    <message>
        <location filename="../../ui/print_question.py" line="46"/>
        <source>Reprint</source>
        <translation>重新打印</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../ui/screens/settings.py" line="52"/>
        <source>Switch language</source>
        <translation>切换语言</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="54"/>
        <source>Show the customer display on a second screen</source>
        <translation>在第二块屏幕上显示顾客显示屏</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="59"/>
        <source>Display</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="61"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="65"/>
        <source>Door: share scans with the other gates</source>
        <translation>检票：与其他闸口共享验票记录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="69"/>
        <source>e.g. 192.168.1.20:7300, this door&apos;s LAN address (empty: this door works alone)</source>
        <translation>例如 192.168.1.20:7300，本闸口的局域网地址（留空：本闸口单独工作）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="72"/>
        <source>e.g. 192.168.1.21:7300, 192.168.1.22:7300</source>
        <translation>例如 192.168.1.21:7300, 192.168.1.22:7300</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="73"/>
        <source>Save door sharing</source>
        <translation>保存闸口共享设置</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="81"/>
        <source>This door answers on</source>
        <translation>本闸口监听地址</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="82"/>
        <source>Other doors</source>
        <translation>其他闸口</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="86"/>
        <source>This terminal</source>
        <translation>本终端</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="88"/>
        <source>Outlet</source>
        <translation>网点</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="89"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="90"/>
        <source>Tickets print in</source>
        <translation>票面语言</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="91"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="92"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="93"/>
        <source>Not enrolled: selling standalone</source>
        <translation>未注册：单机售票</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="95"/>
        <source>Central</source>
        <translation>中心</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="96"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="166"/>
        <source>Doors opened from now on share scans with %1 other doors.</source>
        <translation>此后打开的检票口将与 %1 个其他闸口共享验票记录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/settings.py" line="171"/>
        <source>This terminal&apos;s door works alone (and syncs with central).</source>
        <translation>本终端检票单独工作（仍与中心同步）。</translation>
    </message>
</context>
<context>
    <name>ShiftGuard</name>
    <message>
        <location filename="../../ui/screens/sell_shift.py" line="30"/>
        <source>No shift is open on this drawer: open one on the Shift tab (count the float) before selling.</source>
        <translation>此钱箱没有开班：请先在“班次与日结”页开班（清点备用金）再售票。</translation>
    </message>
</context>
<context>
    <name>ShiftScreen</name>
    <message>
        <location filename="../../ui/screens/shift.py" line="81"/>
        <location filename="../../ui/screens/shift.py" line="212"/>
        <source>No shift is open.</source>
        <translation>当前没有开班。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="92"/>
        <source>Float, e.g. 500</source>
        <translation>备用金，如 500</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="93"/>
        <source>Open shift</source>
        <translation>开班</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="97"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="100"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="101"/>
        <location filename="../../ui/screens/shift.py" line="258"/>
        <source>Cash in</source>
        <translation>存入现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="103"/>
        <location filename="../../ui/screens/shift.py" line="258"/>
        <source>Cash out</source>
        <translation>取出现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="107"/>
        <source>Cash counted in the drawer</source>
        <translation>钱箱实点现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="108"/>
        <source>Close shift (blind count)</source>
        <translation>结班（盲点）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="111"/>
        <source>Figures so far (X)</source>
        <translation>当前数据 (X)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="113"/>
        <source>Close the day (Z)</source>
        <translation>日结 (Z)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="115"/>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="117"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="119"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="305"/>
        <source>A supervisor approves this close-out.</source>
        <translation>此结账需主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="325"/>
        <source>Close the day? The Z-report is numbered and sent to central, and today&apos;s figures become final. Every shift must be closed first.</source>
        <translation>确认日结？Z 报表将编号并上传中心，今日数据即成定稿。所有班次须先交班。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="375"/>
        <source>Sent to %1, which cannot confirm it printed: check the paper</source>
        <translation>已发送到 %1，该打印机无法确认是否打印成功：请检查打印纸</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="150"/>
        <source>Sales by hour</source>
        <translation>按小时销售</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="152"/>
        <source>Sales by event</source>
        <translation>按演出项目销售</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="128"/>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="141"/>
        <source>Z-report and close-out</source>
        <translation>Z 报表与日结</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="201"/>
        <source>Sign in first.</source>
        <translation>请先登录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="216"/>
        <source>Shift open since %1 by %2: %3 sales, float %4</source>
        <translation>%2 于 %1 开班：销售 %3 笔，备用金 %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="223"/>
        <source>, cash expected %1</source>
        <translation>，应有现金 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="270"/>
        <source>Close the shift with %1 counted in the drawer? The count cannot be changed afterwards.</source>
        <translation>按钱箱清点金额 %1 交班？交班后点数不可更改。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="290"/>
        <source>Shift closed. Counted %1, expected %2, variance %3.</source>
        <translation>已结班。实点 %1，应有 %2，差额 %3。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="304"/>
        <source>A supervisor approves this cash movement.</source>
        <translation>此次现金存取需主管授权。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="166"/>
        <source>Run the X-report or close the day to see the figures.</source>
        <translation>查看当前数据或日结后显示报表。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="69"/>
        <source>X-report (figures so far, nothing closed)</source>
        <translation>X 报表（当前数据，未日结）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="71"/>
        <source>Z-report #%1</source>
        <translation>Z 报表 #%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="76"/>
        <source>Business day %1, journal #%2–#%3</source>
        <translation>营业日 %1，日志 #%2–#%3</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="81"/>
        <source>Orders %1, tickets %2</source>
        <translation>订单 %1，票 %2 张</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="82"/>
        <source>Gross %1, discounts %2</source>
        <translation>销售总额 %1，优惠 %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="84"/>
        <source>Refunds %1 (%2), voids %3 (%4)</source>
        <translation>退款 %1 笔 (%2)，作废 %3 笔 (%4)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="90"/>
        <source>Net %1</source>
        <translation>净额 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="94"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="95"/>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="96"/>
        <source>Mobile pay</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="107"/>
        <source>Exchanges %1: old tickets out %2, new in %3, credit carried %4</source>
        <translation>换票 %1 笔：换出票值 %2，换入票值 %3，抵扣金额 %4（非收款）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="116"/>
        <source>Exchange difference collected %1, refunded %2</source>
        <translation>换票补差收款 %1，差额退款 %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="121"/>
        <source>Cash variance %1</source>
        <translation>现金差额 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="126"/>
        <source>Commission %1, net owed %2, credit used %3 of %4</source>
        <translation>佣金 %1，应付平台 %2，已用额度 %3 / %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift_report.py" line="134"/>
        <source>Not yet synced: %1</source>
        <translation>未同步：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="353"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="359"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="359"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="361"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/screens/shift.py" line="373"/>
        <source>Printed on %1</source>
        <translation>已在 %1 打印</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="38"/>
        <location filename="../../ui/screens/signin.py" line="53"/>
        <location filename="../../ui/screens/signin.py" line="118"/>
        <location filename="../../ui/screens/signin.py" line="123"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="42"/>
        <location filename="../../ui/screens/signin.py" line="72"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="46"/>
        <location filename="../../ui/screens/signin.py" line="73"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="74"/>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="75"/>
        <source>New PIN again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="101"/>
        <source>Demo: clerk %1 PIN %2 · supervisor %3 PIN %4</source>
        <translation>演示：售票员 %1 密码 %2 · 主管 %3 密码 %4</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="104"/>
        <source>Demo payment codes: WeChat Pay %1 · Alipay %2 (customer confirms: %3; balance low: %4)</source>
        <translation>演示付款码：微信支付 %1 · 支付宝 %2（顾客需确认：%3；余额不足：%4）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="118"/>
        <source>Save the new PIN and sign in</source>
        <translation>保存新密码并登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="123"/>
        <source>Locked: enter your PIN</source>
        <translation>已锁定：请输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="136"/>
        <source>The cart is held at central for %1 more: unlock to finish the sale.</source>
        <translation>购物车座位在中心还保留 %1：解锁后完成销售。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="154"/>
        <source>The two new PINs differ: enter them again.</source>
        <translation>两次输入的新密码不一致，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="163"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="186"/>
        <source>That new PIN is not allowed: 4 to 8 digits (6 to 8 for a supervisor), not one digit repeated nor a run like 1234, and not the current PIN.</source>
        <translation>该新密码不可用：须为 4 至 8 位数字（主管 6 至 8 位），不能全为同一数字或为 1234 这样的连续数字，也不能与当前密码相同。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/signin.py" line="199"/>
        <source>%n tries left before lock-out.</source>
        <translation>
            <numerusform>再错 %n 次将被锁定。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/signin.py" line="212"/>
        <source>Too many wrong PINs: this account is locked for %n minute(s).</source>
        <translation>
            <numerusform>PIN 错误次数过多：此账号锁定 %n 分钟。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <location filename="../../ui/screens/staff.py" line="44"/>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="49"/>
        <source>Clerk</source>
        <translation>售票员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="50"/>
        <source>Partner clerk</source>
        <translation>合作网点售票员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="51"/>
        <source>Door staff</source>
        <translation>检票员</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="52"/>
        <source>Supervisor</source>
        <translation>值班主管</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="58"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="58"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="58"/>
        <location filename="../../ui/screens/staff.py" line="108"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="58"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="69"/>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="71"/>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="77"/>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="82"/>
        <source>Temporary PIN to hand over</source>
        <translation>交给本人的临时密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="83"/>
        <source>Reset PIN</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="88"/>
        <source>Your PIN, to approve</source>
        <translation>您的密码（用于批准）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="106"/>
        <source>Approve with</source>
        <translation>批准密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="107"/>
        <source>Sign-in</source>
        <translation>登录权限</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="109"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="137"/>
        <source>Deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="138"/>
        <source>Must choose a new PIN</source>
        <translation>须设置新密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="138"/>
        <source>Active</source>
        <translation>在用</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="180"/>
        <source>Enter your PIN to approve the change.</source>
        <translation>请输入您的密码以批准此更改。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="192"/>
        <source>%1 is deactivated: they can no longer sign in or approve.</source>
        <translation>%1 已停用：不能再登录或批准。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="193"/>
        <source>%1 can sign in again.</source>
        <translation>%1 可以重新登录。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="194"/>
        <source>%1&apos;s PIN is reset: they choose a new one at their next sign-in.</source>
        <translation>%1 的密码已重置：下次登录时须设置新密码。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff.py" line="195"/>
        <source>%1&apos;s role is changed.</source>
        <translation>%1 的角色已更改。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="34"/>
        <source>Last sync: never</source>
        <translation>上次同步：从未</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="37"/>
        <source>Shift: —</source>
        <translation>班次：—</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="52"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="55"/>
        <source>Clerk: %1</source>
        <translation>售票员：%1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="60"/>
        <source>Shift: none open</source>
        <translation>班次：未开班</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="64"/>
        <source>Shift: open since %1 (%2)</source>
        <translation>班次：%1 开班（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="71"/>
        <source>Offline: never synced</source>
        <translation>离线：从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="74"/>
        <source>Online since %1</source>
        <translation>在线（自 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="74"/>
        <source>Offline since %1</source>
        <translation>离线（自 %1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_bar.py" line="80"/>
        <source>%n order(s) queued</source>
        <translation>
            <numerusform>%n 笔订单待上传</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="85"/>
        <source>Last sync %1</source>
        <translation>上次同步 %1</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="90"/>
        <source>No printer</source>
        <translation>无打印机</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="91"/>
        <source>No printer profile is set up: sales are not printed.</source>
        <translation>未设置打印机：售出的票不会打印。</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="93"/>
        <source>Printer %1: failed</source>
        <translation>打印机 %1：打印失败</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="96"/>
        <source>Printer %1: ready</source>
        <translation>打印机 %1：就绪</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_bar.py" line="104"/>
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n 项待处理</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="117"/>
        <source>Credit left %1 of %2</source>
        <translation>可用额度 %1／%2</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="121"/>
        <source>Contract ended %1: no sales</source>
        <translation>合同已于 %1 到期：不能售票</translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="123"/>
        <source>Contract starts %1: no sales yet</source>
        <translation>合同 %1 起生效：暂不能售票</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/status_bar.py" line="125"/>
        <source>Contract ends %1 (%n day(s) left)</source>
        <translation>
            <numerusform>合同 %1 到期（剩 %n 天）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="134"/>
        <source>What this outlet may still sell on credit: the limit less what it owes the platform, as central last said, less this terminal&apos;s sales since. Offline, sales stop at it too.</source>
        <translation>本网点还可赊销的金额：信用额度减去欠平台的款项（以中心最近一次答复为准），再减去本终端此后的销售。离线时售票同样以此为限。</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="153"/>
        <source>Supervisor</source>
        <translation>值班主管</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="155"/>
        <source>The first person on this counter: a supervisor, who adds the clerks later.</source>
        <translation>本柜台的第一位员工：值班主管，之后由其添加售票员。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="159"/>
        <source>Staff ID</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="159"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="159"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="159"/>
        <source>PIN again</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="163"/>
        <source>6 to 8 digits</source>
        <translation>6 至 8 位数字</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="172"/>
        <source>This store has staff already.</source>
        <translation>本终端已有员工。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/enrolment.py" line="180"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>SyncFeedback</name>
    <message>
        <location filename="../../ui/sync_feedback.py" line="34"/>
        <source>Loading the catalog from central…</source>
        <translation>正在从中心下载演出目录…</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="36"/>
        <source>First sync</source>
        <translation>首次同步</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="49"/>
        <source>signing keys</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="50"/>
        <source>catalog</source>
        <translation>演出目录</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="51"/>
        <source>allocations</source>
        <translation>配额</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="52"/>
        <source>revoked tickets</source>
        <translation>已作废的票</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="53"/>
        <source>queued orders</source>
        <translation>待上传订单</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="54"/>
        <source>seat status</source>
        <translation>座位状态</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="61"/>
        <source>Syncing %1: %2 of %3</source>
        <translation>正在同步%1：%2 / %3</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="69"/>
        <source>Syncing %1: %2 item(s)</source>
        <translation>正在同步%1：%2 项</translation>
    </message>
    <message>
        <location filename="../../ui/sync_feedback.py" line="89"/>
        <source>This terminal&apos;s clock is off by %1 s: ask a supervisor to set it right.</source>
        <translation>本终端时钟偏差 %1 秒：请值班主管校正时间。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="137"/>
        <source>First sync</source>
        <translation>首次同步</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="138"/>
        <source>Downloading the catalog, allocations and keys from central.</source>
        <translation>正在从中心下载节目目录、配额和密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="139"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="181"/>
        <source>Ready to sell. Downloaded: %1</source>
        <translation>可以开始售票。已下载：%1</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="183"/>
        <source>Central could not be reached: %1</source>
        <translation>无法连接中心：%1</translation>
    </message>
    <message>
        <location filename="../../ui/firstrun/ready.py" line="192"/>
        <source>The sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
</context>
<context>
    <name>TrainingBanner</name>
    <message>
        <location filename="../../ui/widgets/training_banner.py" line="13"/>
        <source>practice only: nothing here is real</source>
        <translation>仅供练习：此处一切均非真实业务</translation>
    </message>
</context>
<context>
    <name>TrainingScreen</name>
    <message>
        <location filename="../../ui/screens/training.py" line="88"/>
        <source>Guided exercises: each is ticked when you complete it</source>
        <translation>引导练习：完成一项即自动打勾</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="97"/>
        <source>Save the result for the supervisor</source>
        <translation>保存结果交主管</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="126"/>
        <source>Practice pickup codes: %1</source>
        <translation>练习取票码：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="137"/>
        <source>%1 of %2 done</source>
        <translation>已完成 %1 / %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="145"/>
        <source>Saved to %1 (also: pos training result)</source>
        <translation>已保存到 %1（也可用 pos training result）</translation>
    </message>
</context>
<context>
    <name>TrainingSwitch</name>
    <message>
        <location filename="../../ui/screens/training.py" line="37"/>
        <source>Training mode</source>
        <translation>培训模式</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="46"/>
        <source>Practice sales may open the cash drawer</source>
        <translation>练习销售可打开钱箱</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="49"/>
        <source>Start training</source>
        <translation>开始培训</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="49"/>
        <source>Stop training</source>
        <translation>结束培训</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="52"/>
        <source>Practice on a separate store with today&apos;s catalog: nothing is uploaded or counted.</source>
        <translation>在独立的练习库中用今天的节目练习：不上传，不计入任何账目。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="54"/>
        <source>Training is on: stopping it returns this terminal to real selling.</source>
        <translation>培训进行中：结束后本终端恢复真实售票。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="60"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../ui/screens/training.py" line="61"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
</context>
<context>
    <name>VerdictWords</name>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="29"/>
        <source>EXIT OK</source>
        <translation>出场已记录</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="29"/>
        <source>VALID</source>
        <translation>有效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="31"/>
        <source>ALREADY ADMITTED</source>
        <translation>已入场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="32"/>
        <source>NOT INSIDE</source>
        <translation>未入场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="33"/>
        <source>REFUNDED</source>
        <translation>已退票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="34"/>
        <source>EXCHANGED</source>
        <translation>已换票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="35"/>
        <source>REPLACED BY REPRINT</source>
        <translation>已补打新票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="36"/>
        <source>CANCELLED</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="37"/>
        <source>NOT ACCEPTED</source>
        <translation>订单未被接受</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="38"/>
        <source>WRONG EVENT OR DATE</source>
        <translation>场次或日期不符</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="39"/>
        <source>WRONG GATE</source>
        <translation>入口不符</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="40"/>
        <source>NOT YET OPEN</source>
        <translation>尚未开始检票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="41"/>
        <source>CLOSED</source>
        <translation>检票已结束</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="42"/>
        <source>FORGED</source>
        <translation>伪造票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="43"/>
        <source>UNKNOWN KEY</source>
        <translation>未知签发方</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="44"/>
        <source>KEY NOT VALID THEN</source>
        <translation>签发时密钥无效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="45"/>
        <source>UNREADABLE</source>
        <translation>无法识别</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="46"/>
        <source>TRAINING TICKET</source>
        <translation>培训票</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="55"/>
        <source>Admitted at gate %1 at %2</source>
        <translation>已于 %1 号门 %2 入场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="60"/>
        <source>No admission on record to exit from</source>
        <translation>无入场记录，不能出场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="62"/>
        <source>Refunded: this ticket is no longer valid</source>
        <translation>已退票：此票已失效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="64"/>
        <source>Exchanged for another ticket</source>
        <translation>已换票，此票失效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="66"/>
        <source>A reprint replaced it: only the new ticket is valid</source>
        <translation>已重打，只有新票有效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="68"/>
        <source>Cancelled: this ticket is no longer valid</source>
        <translation>已取消：此票已失效</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="70"/>
        <source>Its order was refused by central: send the holder to the box office</source>
        <translation>该票所属订单被中心拒绝：请持票人到售票处办理</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="73"/>
        <source>This ticket is for %1</source>
        <translation>此票属于 %1</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="75"/>
        <source>Send the holder to gate %1</source>
        <translation>请持票人前往 %1 号门</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="79"/>
        <source>Doors open at %1</source>
        <translation>%1 开始入场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="82"/>
        <source>This performance was cancelled</source>
        <translation>本场演出已取消</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="83"/>
        <source>Admission ended at %1</source>
        <translation>%1 已停止入场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="85"/>
        <source>The code was altered or made up: call a supervisor</source>
        <translation>票码被篡改或伪造：请联系主管</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="88"/>
        <source>Signed when its key was not valid (before registration, or after a lost or stolen terminal was withdrawn): call a supervisor</source>
        <translation>签发时其密钥无效（注册之前，或丢失、被盗的终端已停用之后）：请叫值班主管</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="92"/>
        <source>Not signed by any outlet or by the platform: call a supervisor</source>
        <translation>非任何网点或平台签发：请联系主管</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="94"/>
        <source>Printed in training mode: never valid for entry; send the holder to the box office</source>
        <translation>培训模式打印的票，永远不能入场；请持票人到售票处</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="95"/>
        <source>Not a ticket code, or damaged: try again or search by order number</source>
        <translation>不是票码或已损坏：请重扫或按订单号查询</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="99"/>
        <source>Exit recorded</source>
        <translation>已记录出场</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="105"/>
        <source>check: %1</source>
        <translation>核验：%1</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="105"/>
        <source>the holder&apos;s ID</source>
        <translation>持票人证件</translation>
    </message>
    <message>
        <location filename="../../ui/door/verdict_words.py" line="113"/>
        <source>%1 (new ticket %2)</source>
        <translation>%1（新票 %2）</translation>
    </message>
</context>
<context>
    <name>WalletUpkeep</name>
    <message>
        <location filename="../../ui/wallet_upkeep.py" line="76"/>
        <source>WeChat Pay</source>
        <translation>微信支付</translation>
    </message>
    <message>
        <location filename="../../ui/wallet_upkeep.py" line="76"/>
        <source>Alipay</source>
        <translation>支付宝</translation>
    </message>
    <message>
        <location filename="../../ui/wallet_upkeep.py" line="78"/>
        <source>%1 back to %2: queued, sent when the wallet answers.</source>
        <translation>退回%2 %1：已排队，支付平台应答后发出。</translation>
    </message>
    <message>
        <location filename="../../ui/wallet_upkeep.py" line="83"/>
        <source>%1 back to %2: refused by the wallet; give it back another way (a supervisor).</source>
        <translation>退回%2 %1：被支付平台拒绝，请以其他方式退款（值班主管）。</translation>
    </message>
    <message>
        <location filename="../../ui/wallet_upkeep.py" line="91"/>
        <source>Mobile refund</source>
        <translation>移动支付退款</translation>
    </message>
</context>
<context>
    <name>ZoneLegend</name>
    <message>
        <location filename="../../ui/seatmap/legend.py" line="45"/>
        <source>Price zones: the colour on the map, the zone, its full (adult) price</source>
        <translation>票区：地图上的颜色、票区名称和全价（成人票价）</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="35"/>
        <source>%1 %2</source>
        <translation>%1%2</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="36"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="51"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="52"/>
        <source>The staff number or the PIN is wrong.</source>
        <translation>工号或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="53"/>
        <source>Check both and try again. After 5 wrong PINs the account is locked for 5 minutes.</source>
        <translation>请核对后重试。连续输错 5 次，账号将锁定 5 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="58"/>
        <source>Account locked</source>
        <translation>账号已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="59"/>
        <source>Too many wrong PINs: this account is locked for a few minutes.</source>
        <translation>密码错误次数过多：账号已锁定几分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="60"/>
        <source>Wait, or ask a supervisor to sign in.</source>
        <translation>请稍候，或请值班主管登录。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="63"/>
        <source>Account deactivated</source>
        <translation>账号已停用</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>This staff member has been deactivated and cannot sign in or approve.</source>
        <translation>该员工已被停用，不能登录或批准。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="65"/>
        <source>A supervisor can reactivate the account in Settings, Staff.</source>
        <translation>值班主管可在“设置 › 员工”中重新启用该账号。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="68"/>
        <source>Choose a new PIN</source>
        <translation>请设置新密码</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="69"/>
        <source>This PIN must be changed before going on (it was reset, or a supervisor&apos;s PIN needs 6 to 8 digits).</source>
        <translation>继续之前须更改此密码（密码已被重置，或主管密码须为 6 至 8 位数字）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="70"/>
        <source>Enter a new PIN twice below.</source>
        <translation>请在下方输入两次新密码。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="73"/>
        <source>Not allowed</source>
        <translation>无此权限</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="74"/>
        <source>Your role may not do this.</source>
        <translation>您的角色不能执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="75"/>
        <source>Ask a supervisor to approve it.</source>
        <translation>请值班主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="78"/>
        <location filename="../../ui/errors.py" line="331"/>
        <source>Please check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="79"/>
        <source>Something entered is not valid.</source>
        <translation>输入的内容无效。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="80"/>
        <source>Correct it and try again.</source>
        <translation>请更正后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="83"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="84"/>
        <source>The item was not found in this terminal&apos;s catalog.</source>
        <translation>本终端的目录中没有该项目。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="85"/>
        <source>Refresh the list; if it persists, run a sync.</source>
        <translation>请刷新列表；如仍有问题，请同步。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="88"/>
        <location filename="../../ui/errors.py" line="337"/>
        <source>Cannot price the cart</source>
        <translation>无法计算价格</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="89"/>
        <source>The price could not be worked out (coupon, member number or concession).</source>
        <translation>无法计算价格（优惠券、会员号或票种）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="90"/>
        <source>Remove the coupon or change the concession, then try again.</source>
        <translation>请去掉优惠券或更换票种后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="93"/>
        <location filename="../../ui/errors.py" line="334"/>
        <source>Payment refused</source>
        <translation>收款被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="94"/>
        <source>The payment was not accepted. Nothing was sold.</source>
        <translation>收款未被接受，未出售任何票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="95"/>
        <source>Check the amount and the approval reference, then try again.</source>
        <translation>请核对金额和授权码后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="98"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="99"/>
        <source>The terminal could not write its data. Nothing was saved.</source>
        <translation>终端无法写入数据，未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="100"/>
        <source>Retry; if it persists, call a supervisor (the disk may be full).</source>
        <translation>请重试；如仍失败，请联系值班主管（磁盘可能已满）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="103"/>
        <source>Catalog problem</source>
        <translation>目录问题</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="104"/>
        <source>The catalog data is not valid.</source>
        <translation>目录数据无效。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="105"/>
        <source>Run a sync; if it persists, call a supervisor.</source>
        <translation>请同步；如仍有问题，请联系值班主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="108"/>
        <source>Central not reachable</source>
        <translation>无法连接中心</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="109"/>
        <source>The terminal cannot reach the central server. It keeps selling offline.</source>
        <translation>终端无法连接中心服务器，将继续离线售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="110"/>
        <source>Check the network cable or Wi-Fi; the terminal syncs again by itself.</source>
        <translation>请检查网线或 Wi-Fi；终端会自动重新同步。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="113"/>
        <source>Central refused the terminal</source>
        <translation>中心拒绝了本终端</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="114"/>
        <source>The central server refused this terminal&apos;s request (its enrolment may be revoked).</source>
        <translation>中心服务器拒绝了本终端的请求（终端注册可能已被撤销）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="117"/>
        <source>Call a supervisor: the terminal may need to be enrolled again.</source>
        <translation>请联系值班主管：终端可能需要重新注册。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="120"/>
        <source>Central server problem</source>
        <translation>中心服务器故障</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="121"/>
        <source>The central server answered with an error. Nothing was lost here.</source>
        <translation>中心服务器返回错误，本终端数据未丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="122"/>
        <source>The terminal retries by itself; if it persists, call the ticketing office.</source>
        <translation>终端会自动重试；如持续出现，请联系票务中心。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="125"/>
        <location filename="../../ui/errors.py" line="130"/>
        <source>Cannot sync</source>
        <translation>无法同步</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="126"/>
        <source>The terminal&apos;s access key for central is missing.</source>
        <translation>本终端连接中心的访问密钥丢失。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="127"/>
        <source>Call a supervisor to enrol the terminal again. Selling offline goes on.</source>
        <translation>请值班主管重新注册终端。离线售票可以继续。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="131"/>
        <source>The system keyring holding the terminal&apos;s access key is not available.</source>
        <translation>存放终端访问密钥的系统密钥环不可用。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="132"/>
        <source>Call a supervisor: sign in to the desktop session, or enrol again.</source>
        <translation>请联系值班主管：登录桌面会话，或重新注册终端。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="135"/>
        <source>Printing failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="136"/>
        <source>The tickets could not be printed. The sale is saved.</source>
        <translation>票未能打印。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="137"/>
        <source>Check the printer, then press Retry.</source>
        <translation>请检查打印机，然后按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="140"/>
        <source>Printer not reachable</source>
        <translation>无法连接打印机</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="141"/>
        <source>The printer could not be reached; nothing was printed. The sale is saved.</source>
        <translation>无法连接打印机，未打印任何内容。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="142"/>
        <source>Check the printer is on and its cable is plugged in, then press Retry.</source>
        <translation>请确认打印机已开机、线缆已插好，然后按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="145"/>
        <source>Printer connection lost</source>
        <translation>打印机连接中断</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="146"/>
        <source>The printer stopped answering while printing. The sale is saved.</source>
        <translation>打印过程中打印机停止响应。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="147"/>
        <source>Check the printer and its cable, then press Retry.</source>
        <translation>请检查打印机及其线缆，然后按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="150"/>
        <source>Printer not ready</source>
        <translation>打印机未就绪</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="151"/>
        <source>The printer cannot print now (paper out, cover open or offline). The sale is saved.</source>
        <translation>打印机现在无法打印（缺纸、机盖打开或脱机）。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="155"/>
        <source>Load paper or close the cover, then press Retry.</source>
        <translation>请装纸或合上机盖，然后按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="158"/>
        <source>Printer settings wrong</source>
        <translation>打印机设置错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="159"/>
        <source>The printer&apos;s settings are not valid; nothing was printed. The sale is saved.</source>
        <translation>打印机设置无效，未打印任何内容。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="162"/>
        <source>Ask a supervisor to correct the printer settings, then press Retry.</source>
        <translation>请值班主管更正打印机设置，然后按“重试”。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="165"/>
        <source>Printing font missing</source>
        <translation>缺少打印字体</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="166"/>
        <source>The font for Chinese tickets is missing; nothing was printed. The sale is saved.</source>
        <translation>缺少打印中文票面的字体，未打印任何内容。交易已保存。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="169"/>
        <source>Call a supervisor to repair the installation.</source>
        <translation>请联系值班主管修复安装。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="172"/>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="173"/>
        <source>These tickets cannot be printed this way.</source>
        <translation>这些票不能以这种方式打印。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="174"/>
        <source>A lost or spoiled ticket is reprinted by a supervisor.</source>
        <translation>遗失或损坏的票须由值班主管补打。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="177"/>
        <source>No shift is open</source>
        <translation>未开班</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="178"/>
        <source>Selling needs an open shift on this drawer. Nothing was sold.</source>
        <translation>售票前需在本钱箱开班。未售出任何票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="179"/>
        <source>Open a shift (Alt+4) with the counted float, then sell again.</source>
        <translation>请清点备用金开班（Alt+4），然后重新售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="182"/>
        <source>No shift is open for this cash</source>
        <translation>没有开班，无法收付现金</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="183"/>
        <source>This refund or exchange gives or takes cash, but no shift is open. Nothing was changed.</source>
        <translation>此次退款或换票需要收付现金，但当前没有开班。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="187"/>
        <source>Open a shift (Alt+4) with the counted float, then do it again.</source>
        <translation>请先开班（Alt+4）并清点备用金，然后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="190"/>
        <source>Cannot do that with the shift</source>
        <translation>班次不允许此操作</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="191"/>
        <source>The shift or the drawer does not allow this now.</source>
        <translation>当前班次或钱箱不允许此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="192"/>
        <source>Check the shift&apos;s state in Shift &amp; close-out, or call a supervisor.</source>
        <translation>请在“班次与日结”中查看班次状态，或联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="195"/>
        <source>Cannot close the day</source>
        <translation>无法日结</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="196"/>
        <source>The daily close-out cannot run now (a shift may still be open).</source>
        <translation>现在无法日结（可能仍有班次未结）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="197"/>
        <source>Close every shift first, then run the close-out again.</source>
        <translation>请先结束所有班次，再重新日结。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="200"/>
        <source>Cannot refund or void</source>
        <translation>无法退票或作废</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="201"/>
        <source>This order or ticket cannot be given back now. Nothing was changed.</source>
        <translation>此订单或票现在无法退回。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="202"/>
        <source>Check the order; a supervisor can tell what is still possible.</source>
        <translation>请核对订单；主管可告知仍可办理的操作。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="205"/>
        <source>Ticket already used</source>
        <translation>票已使用</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="206"/>
        <source>The ticket was scanned at the door, so it cannot be refunded or exchanged.</source>
        <translation>此票已在入口检票，不能退换。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="207"/>
        <source>Call a supervisor if the customer disputes the admission.</source>
        <translation>如顾客对入场有异议，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="210"/>
        <source>Refund window closed</source>
        <translation>退票期限已过</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="211"/>
        <source>This event&apos;s refund window has closed. Nothing was refunded.</source>
        <translation>本场演出的退票期限已过。未退任何款项。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="212"/>
        <source>A supervisor may approve a late refund with their PIN.</source>
        <translation>主管可用密码批准逾期退票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="215"/>
        <source>Already collected</source>
        <translation>已取票</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="216"/>
        <source>This online order&apos;s tickets were handed out already.</source>
        <translation>此网络订单的票已取出。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="217"/>
        <source>Check when and where on the screen; call a supervisor if it is disputed.</source>
        <translation>请查看屏幕上的取票时间和地点；如有异议请联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="220"/>
        <source>Pickup not possible offline</source>
        <translation>离线无法取票</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="221"/>
        <source>Central is not reachable and this order was not sent here for pickup.</source>
        <translation>无法连接中心，且此订单未指定在本网点取票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="222"/>
        <source>Ask the customer to wait or come back when the terminal is online.</source>
        <translation>请顾客稍候，或待终端联网后再来。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="225"/>
        <source>Pickup refused</source>
        <translation>取票被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="226"/>
        <source>Central refused to hand out this order here.</source>
        <translation>中心拒绝在此网点出票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="227"/>
        <source>Check the code and the outlet on the order; call a supervisor.</source>
        <translation>请核对取票码和订单上的网点；联系主管。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="17"/>
        <source>Not an amount.</source>
        <translation>金额无效。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="18"/>
        <source>Type yuan, e.g. 500 or 12.50.</source>
        <translation>请输入元，如 500 或 12.50。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="24"/>
        <source>There is no coupon %1.</source>
        <translation>没有优惠券 %1。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="25"/>
        <source>Check the code on the coupon, or remove it.</source>
        <translation>请核对券码，或去掉该优惠券。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="28"/>
        <source>Coupon %1 has been used up.</source>
        <translation>优惠券 %1 已用完。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="29"/>
        <source>Remove the coupon: it cannot be used again.</source>
        <translation>请去掉该优惠券：它不能再用。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="32"/>
        <source>Coupon %1 does not apply to these tickets (show, concession or dates).</source>
        <translation>优惠券 %1 不适用于这些门票（演出、票种或日期）。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="33"/>
        <source>Remove the coupon, or change the tickets it is for.</source>
        <translation>请去掉优惠券，或更换适用的门票。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="36"/>
        <source>A ticket type in the cart is not sold in that price zone.</source>
        <translation>购物车中有票种在该票区不出售。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="37"/>
        <source>Change the ticket type of that line.</source>
        <translation>请更改该行的票种。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="40"/>
        <source>At most %1 tickets per order for this show.</source>
        <translation>本场演出每单最多 %1 张。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="41"/>
        <source>Remove tickets, or sell them as two orders.</source>
        <translation>请减少张数，或分两单出售。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="47"/>
        <source>The customer&apos;s balance is not enough for this payment. Nothing was charged.</source>
        <translation>顾客余额不足，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="48"/>
        <source>Ask the customer to choose another card in the wallet, or pay another way.</source>
        <translation>请顾客在钱包中换一张卡，或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="51"/>
        <source>The payment code has expired. Nothing was charged.</source>
        <translation>付款码已过期，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="52"/>
        <location filename="../../ui/error_reasons.py" line="56"/>
        <source>Ask the customer to refresh the code in the wallet app, then scan again.</source>
        <translation>请顾客在钱包应用中刷新付款码，再扫一次。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="55"/>
        <source>The payment code is not valid. Nothing was charged.</source>
        <translation>付款码无效，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="59"/>
        <source>The wallet says this payment was already made.</source>
        <translation>支付平台称这笔付款已经完成。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="60"/>
        <source>Check the Orders screen before charging again; call a supervisor.</source>
        <translation>再次收款前请先查看订单页面，并联系值班主管。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="63"/>
        <source>The wallet closed the payment. Anything taken was given back.</source>
        <translation>支付平台已关闭这笔付款，已扣款项已退回。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="64"/>
        <source>Scan a fresh payment code, or pay another way.</source>
        <translation>请扫描新的付款码，或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="67"/>
        <source>The wallet refused this customer&apos;s account. Nothing was charged.</source>
        <translation>支付平台拒绝了该顾客的账户，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="68"/>
        <source>Ask the customer to pay another way.</source>
        <translation>请顾客改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="71"/>
        <source>The amount is over the customer&apos;s wallet limit. Nothing was charged.</source>
        <translation>金额超过顾客钱包的限额，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="72"/>
        <source>Split the payment (part in cash), or pay another way.</source>
        <translation>请拆分付款（部分用现金），或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="75"/>
        <source>The wallet refused the payment. Nothing was charged.</source>
        <translation>支付平台拒绝了这笔付款，未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="76"/>
        <source>Scan a fresh code, or pay another way.</source>
        <translation>请扫描新的付款码，或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="79"/>
        <source>The payment was cancelled. Anything taken was given back.</source>
        <translation>付款已取消，已扣款项已退回。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="80"/>
        <source>Scan again, or pay another way.</source>
        <translation>请重新扫码，或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="83"/>
        <source>The customer did not confirm in time. Anything taken was given back.</source>
        <translation>顾客未及时确认，已扣款项已退回。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="84"/>
        <source>Scan a fresh code and ask the customer to confirm in the wallet app.</source>
        <translation>请扫描新的付款码，并请顾客在钱包应用中确认。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="87"/>
        <source>This terminal takes no payments from that wallet.</source>
        <translation>本终端不收该支付平台的付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="88"/>
        <source>Pay another way; a supervisor sets wallets up (pos payment setup).</source>
        <translation>请改用其他方式付款；由值班主管设置支付平台（pos payment setup）。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="91"/>
        <source>This was already done: the customer is not charged again.</source>
        <translation>此操作已完成：不会再次向顾客收款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="92"/>
        <source>Check the Orders screen; anything taken now is given back.</source>
        <translation>请在订单界面核对；本次扣款会退回。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="95"/>
        <source>Points can be used only while central answers. Nothing was charged.</source>
        <translation>仅在与总部连通时可使用积分。未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="96"/>
        <source>Clear the points and take another payment.</source>
        <translation>请清除积分，改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="99"/>
        <source>The member has fewer points free than that. Nothing was charged.</source>
        <translation>会员可用积分不足。未扣款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="100"/>
        <source>Type fewer points, or take another payment.</source>
        <translation>请减少积分，或改用其他方式付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="112"/>
        <source>This sale would pass the outlet&apos;s credit: %1 left, the sale needs %2.</source>
        <translation>本单将超出网点信用额度：剩余 %1，本单需 %2。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="114"/>
        <source>Sell fewer tickets, or ask the platform to record the outlet&apos;s payment.</source>
        <translation>请减少票数，或请平台登记网点的付款。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="117"/>
        <source>This outlet&apos;s partner contract ended on %1: it sells no more.</source>
        <translation>本网点的合伙人合同已于 %1 到期：不能再售票。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="119"/>
        <source>Pickups, refunds of this outlet&apos;s orders and the close-out still work.</source>
        <translation>取票、本网点订单的退款和日结仍可办理。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="122"/>
        <source>This outlet&apos;s partner contract starts on %1: no sales before then.</source>
        <translation>本网点的合伙人合同自 %1 起生效：此前不能售票。</translation>
    </message>
    <message>
        <location filename="../../ui/error_reasons.py" line="124"/>
        <source>Pickups and refunds still work; sell from the contract&apos;s first day.</source>
        <translation>取票和退款仍可办理；请从合同首日起售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="234"/>
        <source>Cannot sell</source>
        <translation>无法出售</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="237"/>
        <source>A seat in the cart has just been sold.</source>
        <translation>购物车中的一个座位刚刚被售出。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="238"/>
        <source>Remove it from the cart and pick another seat.</source>
        <translation>请将其移出购物车并另选座位。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="241"/>
        <source>A seat in the cart is blocked.</source>
        <translation>购物车中的一个座位已被封锁。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="242"/>
        <location filename="../../ui/errors.py" line="290"/>
        <source>Pick another seat.</source>
        <translation>请另选座位。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="245"/>
        <source>This seat or area is not allocated to this outlet and cannot be sold offline.</source>
        <translation>该座位或区域未分配给本售票点，离线时不能出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="248"/>
        <source>Pick a seat of our allocation, or sell it once the terminal is online.</source>
        <translation>请选择本点配额内的座位，或在终端联网后出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="251"/>
        <source>This seat or these places are not leased to this terminal and cannot be sold offline.</source>
        <translation>该座位或站位未租给本终端，不能离线销售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="254"/>
        <source>Pick a seat shown as available, or sell it once the terminal is online.</source>
        <translation>请选择显示为可售的座位，或待终端联网后再售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="257"/>
        <source>Another terminal of this outlet holds this seat for offline sale.</source>
        <translation>本网点的另一台终端已租用该座位用于离线销售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="258"/>
        <source>Pick another seat, or sell it at that terminal.</source>
        <translation>请选择其他座位，或到那台终端销售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="261"/>
        <source>This outlet&apos;s quota for the standing area is used up.</source>
        <translation>本售票点的站票配额已用完。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="262"/>
        <source>Lower the quantity or choose another area.</source>
        <translation>请减少数量或选择其他区域。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="265"/>
        <source>This performance is cancelled.</source>
        <translation>该场次已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="266"/>
        <location filename="../../ui/errors.py" line="270"/>
        <location filename="../../ui/errors.py" line="274"/>
        <location filename="../../ui/errors.py" line="278"/>
        <source>Choose another performance.</source>
        <translation>请选择其他场次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="269"/>
        <source>Sales for this performance have not opened yet.</source>
        <translation>该场次尚未开售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="273"/>
        <source>Sales for this performance have closed.</source>
        <translation>该场次已停售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="277"/>
        <source>This outlet may not sell this performance.</source>
        <translation>本售票点不能销售该场次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="281"/>
        <source>Offline, one sale may not be this large.</source>
        <translation>离线时单笔销售不能超过限额。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="282"/>
        <source>Split the order, or wait until the terminal is online.</source>
        <translation>请拆分订单，或等待终端联网。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="285"/>
        <source>The offline sales limit has been reached.</source>
        <translation>已达到离线销售总额上限。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="286"/>
        <source>Wait until the terminal is online, or call a supervisor.</source>
        <translation>请等待终端联网，或联系值班主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="289"/>
        <source>A seat in the cart is allocated to another outlet.</source>
        <translation>购物车中有座位已分配给其他网点。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="293"/>
        <source>The hold on these seats has expired. Nothing was charged.</source>
        <translation>这些座位的锁定已过期，未收取任何款项。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="294"/>
        <location filename="../../ui/errors.py" line="298"/>
        <source>Add the seats to the cart again to hold them anew.</source>
        <translation>请重新将座位加入购物车以重新锁座。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="297"/>
        <source>This hold was already used by a sale.</source>
        <translation>此锁座已被一笔销售使用。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="301"/>
        <source>A seat in the cart is not covered by the hold.</source>
        <translation>购物车中有座位不在锁座范围内。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="302"/>
        <source>Add the seats to the cart again to hold them.</source>
        <translation>请重新将座位加入购物车以锁座。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="305"/>
        <source>Online, one sale holds either seats or one standing area.</source>
        <translation>在线时，一笔销售只能锁定座位或一个站票区之一。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="306"/>
        <source>Pay for this cart first, then sell the rest as a second sale.</source>
        <translation>请先为当前购物车付款，再将其余票作为第二笔销售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="309"/>
        <source>The terminal has been offline too long to sell.</source>
        <translation>终端离线时间过长，已停止售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="310"/>
        <source>Check the network; selling resumes when central is reachable.</source>
        <translation>请检查网络；连上中心后即可恢复售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="316"/>
        <source>This cannot be sold now.</source>
        <translation>现在无法出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="317"/>
        <source>Change the cart and try again.</source>
        <translation>请修改购物车后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="345"/>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="346"/>
        <source>The request was refused.</source>
        <translation>请求被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="352"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="353"/>
        <source>Something went wrong inside the app. It was written to the log.</source>
        <translation>程序内部出错，已记录到日志。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="354"/>
        <source>Try again; if it happens again, call a supervisor.</source>
        <translation>请重试；如再次出现，请联系值班主管。</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <location filename="../../ui/keys.py" line="45"/>
        <source>Show this list of keys</source>
        <translation>显示快捷键列表</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="48"/>
        <source>Modes: Sell, Pickup, Door, Shift, Settings, Orders &amp; refunds</source>
        <translation>模式：售票、取票、检票、班次、设置、订单与退换</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="50"/>
        <source>Lock the terminal (unlock with your PIN)</source>
        <translation>锁定终端（用密码解锁）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="54"/>
        <source>Search performances (type, then ↓ and Enter to choose)</source>
        <translation>搜索场次（输入后按 ↓ 和 Enter 选择）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="55"/>
        <source>Refresh the performance list</source>
        <translation>刷新场次列表</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="56"/>
        <source>Standing quantity (type a number, Enter adds to the cart)</source>
        <translation>站票数量（输入数字，按 Enter 加入购物车）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="57"/>
        <source>Seat map (type a number, then B: best available)</source>
        <translation>座位图（输入数字，再按 B：最佳连座）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="58"/>
        <source>Next concession for the selected cart line</source>
        <translation>切换所选票的票种</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="59"/>
        <source>Remove the selected cart line</source>
        <translation>删除所选票</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="60"/>
        <source>Enter a coupon code</source>
        <translation>输入优惠券码</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="61"/>
        <source>Find a member: scan the member code, or type the number or phone</source>
        <translation>查找会员：扫描会员码，或输入会员号或手机号</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="62"/>
        <source>Clear the cart</source>
        <translation>清空购物车</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="63"/>
        <source>Real-name events: the ticket holders&apos; names and IDs</source>
        <translation>实名制演出：录入购票人姓名与证件</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="66"/>
        <source>Override the selected line&apos;s price (a supervisor approves)</source>
        <translation>修改所选票的价格（需主管授权）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="68"/>
        <source>Pay</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="72"/>
        <source>Cash / card amount field</source>
        <translation>现金 / 刷卡金额栏</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="73"/>
        <source>Cash quick amounts: exact, next 10, next 50, next 100</source>
        <translation>现金快捷金额：正好、凑整 10、50、100</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="74"/>
        <source>The whole total by card (then type the approval code)</source>
        <translation>全额刷卡（然后输入授权码）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="75"/>
        <source>Take the payment and sell</source>
        <translation>收款并出票</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="78"/>
        <source>Scan a WeChat Pay / Alipay payment code, wherever the focus is: charged, then sold</source>
        <translation>扫描微信支付／支付宝付款码（焦点在哪里都可以）：先扣款，再出票</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="80"/>
        <source>Back to the cart; while the customer confirms, cancel the payment</source>
        <translation>返回购物车；顾客确认付款期间，则取消付款</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="84"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="85"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="86"/>
        <source>Best available seats together (quantity typed before)</source>
        <translation>最佳连座（先输入数量）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="87"/>
        <source>Add the selected seats to the cart</source>
        <translation>将所选座位加入购物车</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="88"/>
        <source>Clear the seat selection</source>
        <translation>清除所选座位</translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <location filename="../../ui/door_app.py" line="66"/>
        <source>Door</source>
        <translation>检票</translation>
    </message>
</context>
</TS>
