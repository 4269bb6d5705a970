<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CartModel</name>
    <message>
        <location filename="../../ui/models/cart.py" line="74"/>
        <source>Ticket</source>
        <translation>票</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="74"/>
        <source>Concession</source>
        <translation>票种</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="74"/>
        <source>Price</source>
        <translation>票价</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="74"/>
        <source>Discount</source>
        <translation>优惠</translation>
    </message>
    <message>
        <location filename="../../ui/models/cart.py" line="74"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>CartPanel</name>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="40"/>
        <source>Coupon code (F6)</source>
        <translation>优惠券码 (F6)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="43"/>
        <source>Member number (F7)</source>
        <translation>会员号 (F7)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="54"/>
        <source>Pay (F12)</source>
        <translation>收款 (F12)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="60"/>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="61"/>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="77"/>
        <source>Total: —</source>
        <translation>合计：—</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="77"/>
        <source>The cart is empty</source>
        <translation>购物车为空</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="81"/>
        <source>Subtotal %1</source>
        <translation>小计 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="83"/>
        <source>Discounts -%1</source>
        <translation>优惠 -%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="85"/>
        <source>Fees %1</source>
        <translation>服务费 %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/cart_panel.py" line="86"/>
        <source>Total %1</source>
        <translation>合计 %1</translation>
    </message>
</context>
<context>
    <name>ComingScreen</name>
    <message>
        <location filename="../../ui/screens/placeholder.py" line="12"/>
        <source>%1: coming in a later version.</source>
        <translation>%1：将在后续版本中提供。</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ui/widgets/help.py" line="14"/>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="16"/>
        <source>Everywhere</source>
        <translation>所有界面</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="17"/>
        <source>Sell</source>
        <translation>售票</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="18"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="19"/>
        <source>Seat map</source>
        <translation>座位图</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="22"/>
        <source>Key</source>
        <translation>按键</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="22"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/help.py" line="22"/>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="48"/>
        <source>Outlet POS — %1 %2</source>
        <translation>售票终端 — %1 %2</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="57"/>
        <source>Sell</source>
        <translation>售票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Pickup</source>
        <translation>取票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Door</source>
        <translation>检票</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Shift &amp;&amp; close-out</source>
        <translation>班次与日结</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="71"/>
        <source>Shift: —</source>
        <translation>班次：—</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="141"/>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="143"/>
        <source>Clerk: %1</source>
        <translation>售票员：%1</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Offline: never synced</source>
        <translation>离线：从未同步</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>Online since %1</source>
        <translation>在线（自 %1）</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="151"/>
        <source>Offline since %1</source>
        <translation>离线（自 %1）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/main_window.py" line="155"/>
        <source>%n order(s) queued</source>
        <translation>
            <numerusform>%n 笔订单待上传</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <location filename="../../ui/widgets/payment.py" line="30"/>
        <source>Payment</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="32"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="45"/>
        <source>approval code on the card slip</source>
        <translation>刷卡小票上的授权码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="55"/>
        <source>&amp;Cash handed over</source>
        <translation>实收现金(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="56"/>
        <source>Car&amp;d amount</source>
        <translation>刷卡金额(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="57"/>
        <source>Card approval code</source>
        <translation>刷卡授权码</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="60"/>
        <source>Exact (F5)</source>
        <translation>正好 (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="72"/>
        <source>Pay and sell (Enter)</source>
        <translation>收款出票 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="76"/>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="140"/>
        <source>Change: —</source>
        <translation>找零：—</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="144"/>
        <source>Change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="146"/>
        <source>Still due: %1</source>
        <translation>尚欠：%1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="153"/>
        <source>An amount is not valid: use e.g. 120 or 120.50.</source>
        <translation>金额无效：请输入如 120 或 120.50。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="157"/>
        <source>Enter the card approval code.</source>
        <translation>请输入刷卡授权码。</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/payment.py" line="162"/>
        <source>Not enough: the payment is below the total.</source>
        <translation>金额不足：收款少于合计。</translation>
    </message>
</context>
<context>
    <name>PerformanceBrowser</name>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="27"/>
        <source>Search event (F2)</source>
        <translation>搜索演出 (F2)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="33"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="35"/>
        <source>Concert</source>
        <translation>音乐会</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="36"/>
        <source>Theatre</source>
        <translation>戏剧</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="37"/>
        <source>Sport</source>
        <translation>体育</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="38"/>
        <source>Festival</source>
        <translation>音乐节</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/performance_browser.py" line="39"/>
        <source>Cinema</source>
        <translation>电影</translation>
    </message>
</context>
<context>
    <name>PerformanceModel</name>
    <message>
        <location filename="../../ui/models/performances.py" line="52"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="54"/>
        <source>Not on sale</source>
        <translation>未开售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="56"/>
        <source>Sales closed</source>
        <translation>已停售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="58"/>
        <source>Not yet on sale</source>
        <translation>尚未开售</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="61"/>
        <source>Sold out here</source>
        <translation>本点已售完</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/models/performances.py" line="62"/>
        <source>%n left</source>
        <translation>
            <numerusform>余 %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="93"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="93"/>
        <source>Event</source>
        <translation>演出</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="93"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../ui/models/performances.py" line="93"/>
        <source>Availability</source>
        <translation>余票</translation>
    </message>
</context>
<context>
    <name>SeatMapView</name>
    <message numerus="yes">
        <location filename="../../ui/seatmap/view.py" line="88"/>
        <source>No %n seats together are left.</source>
        <translation>
            <numerusform>已没有 %n 个相连的座位。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="119"/>
        <source>%1, row %2, seat %3</source>
        <translation>%1 %2排 %3座</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="126"/>
        <source>Available</source>
        <translation>可售</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="127"/>
        <source>Held by this terminal</source>
        <translation>本终端锁定</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="128"/>
        <source>Not sellable offline: not allocated to this outlet</source>
        <translation>离线不可售：未分配给本售票点</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="129"/>
        <source>Not sellable: allocated to another outlet</source>
        <translation>不可售：已分配给其他售票点</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="130"/>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <location filename="../../ui/seatmap/view.py" line="131"/>
        <source>Blocked</source>
        <translation>已封锁</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/seatmap/view.py" line="194"/>
        <source>At most %n seats at a time.</source>
        <translation>
            <numerusform>一次最多 %n 个座位。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SellScreen</name>
    <message>
        <location filename="../../ui/screens/sell.py" line="46"/>
        <location filename="../../ui/screens/sell.py" line="347"/>
        <source>Choose a performance (F2 to search)</source>
        <translation>请选择场次（F2 搜索）</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="56"/>
        <source>Add (Enter)</source>
        <translation>加入 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="62"/>
        <source>Standing (F4)</source>
        <translation>站票 (F4)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="67"/>
        <source>Best available (B)</source>
        <translation>最佳连座 (B)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="68"/>
        <source>Add seats (Enter)</source>
        <translation>加入座位 (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="80"/>
        <source>Concession for new tickets</source>
        <translation>新票票种</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="169"/>
        <source>%1 (%2 left)</source>
        <translation>%1（余 %2）</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell.py" line="189"/>
        <source>%n seat(s) available here</source>
        <translation>
            <numerusform>本点可售 %n 个座位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell.py" line="279"/>
        <source>%n seat(s) selected: Enter adds them</source>
        <translation>
            <numerusform>已选 %n 个座位：按 Enter 加入</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="297"/>
        <source>Selling…</source>
        <translation>正在出票…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/sell.py" line="313"/>
        <source>Sold: order %1, %n ticket(s).</source>
        <translation>
            <numerusform>已售出：订单 %1，共 %n 张票。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="315"/>
        <source>Change: %1</source>
        <translation>找零：%1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="316"/>
        <source>Ready for the next customer.</source>
        <translation>请接待下一位顾客。</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sell.py" line="359"/>
        <source>%1 (standing)</source>
        <translation>%1（站票）</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <location filename="../../ui/screens/signin.py" line="28"/>
        <location filename="../../ui/screens/signin.py" line="37"/>
        <location filename="../../ui/screens/signin.py" line="70"/>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="32"/>
        <location filename="../../ui/screens/signin.py" line="46"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="36"/>
        <location filename="../../ui/screens/signin.py" line="47"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="70"/>
        <source>Locked: enter your PIN</source>
        <translation>已锁定：请输入密码</translation>
    </message>
    <message>
        <location filename="../../ui/screens/signin.py" line="87"/>
        <source>Checking…</source>
        <translation>正在验证…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/signin.py" line="108"/>
        <source>%n tries left before lock-out.</source>
        <translation>
            <numerusform>再错 %n 次将被锁定。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../ui/errors.py" line="37"/>
        <source>Sign-in failed</source>
        <translation>登录失败</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="38"/>
        <source>The staff number or the PIN is wrong.</source>
        <translation>工号或密码错误。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="39"/>
        <source>Check both and try again. After 5 wrong PINs the account is locked for 5 minutes.</source>
        <translation>请核对后重试。连续输错 5 次，账号将锁定 5 分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="42"/>
        <source>Account locked</source>
        <translation>账号已锁定</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="43"/>
        <source>Too many wrong PINs: this account is locked for a few minutes.</source>
        <translation>密码错误次数过多：账号已锁定几分钟。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="44"/>
        <source>Wait, or ask a supervisor to sign in.</source>
        <translation>请稍候，或请值班主管登录。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="47"/>
        <source>Not allowed</source>
        <translation>无此权限</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="48"/>
        <source>Your role may not do this.</source>
        <translation>您的角色不能执行此操作。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="49"/>
        <source>Ask a supervisor to approve it.</source>
        <translation>请值班主管批准。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="52"/>
        <source>Please check the input</source>
        <translation>请检查输入</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="53"/>
        <source>Something entered is not valid.</source>
        <translation>输入的内容无效。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="54"/>
        <source>Correct it and try again.</source>
        <translation>请更正后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="57"/>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="58"/>
        <source>The item was not found in this terminal&apos;s catalog.</source>
        <translation>本终端的目录中没有该项目。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="59"/>
        <source>Refresh the list; if it persists, run a sync.</source>
        <translation>请刷新列表；如仍有问题，请同步。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="62"/>
        <source>Cannot price the cart</source>
        <translation>无法计算价格</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="63"/>
        <source>The price could not be worked out (coupon, member number or concession).</source>
        <translation>无法计算价格（优惠券、会员号或票种）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="64"/>
        <source>Remove the coupon or change the concession, then try again.</source>
        <translation>请去掉优惠券或更换票种后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="67"/>
        <source>Payment refused</source>
        <translation>收款被拒绝</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="68"/>
        <source>The payment was not accepted. Nothing was sold.</source>
        <translation>收款未被接受，未出售任何票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="69"/>
        <source>Check the amount and the approval reference, then try again.</source>
        <translation>请核对金额和授权码后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="72"/>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="73"/>
        <source>The terminal could not write its data. Nothing was saved.</source>
        <translation>终端无法写入数据，未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="74"/>
        <source>Retry; if it persists, call a supervisor (the disk may be full).</source>
        <translation>请重试；如仍失败，请联系值班主管（磁盘可能已满）。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="77"/>
        <source>Catalog problem</source>
        <translation>目录问题</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="78"/>
        <source>The catalog data is not valid.</source>
        <translation>目录数据无效。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="79"/>
        <source>Run a sync; if it persists, call a supervisor.</source>
        <translation>请同步；如仍有问题，请联系值班主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="86"/>
        <source>Cannot sell</source>
        <translation>无法出售</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="89"/>
        <source>A seat in the cart has just been sold.</source>
        <translation>购物车中的一个座位刚刚被售出。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="90"/>
        <source>Remove it from the cart and pick another seat.</source>
        <translation>请将其移出购物车并另选座位。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="92"/>
        <source>A seat in the cart is blocked.</source>
        <translation>购物车中的一个座位已被封锁。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="92"/>
        <source>Pick another seat.</source>
        <translation>请另选座位。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="94"/>
        <source>This seat or area is not allocated to this outlet and cannot be sold offline.</source>
        <translation>该座位或区域未分配给本售票点，离线时不能出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="95"/>
        <source>Pick a seat of our allocation, or sell it once the terminal is online.</source>
        <translation>请选择本点配额内的座位，或在终端联网后出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="98"/>
        <source>This outlet&apos;s quota for the standing area is used up.</source>
        <translation>本售票点的站票配额已用完。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="99"/>
        <source>Lower the quantity or choose another area.</source>
        <translation>请减少数量或选择其他区域。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="101"/>
        <source>This performance is cancelled.</source>
        <translation>该场次已取消。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="101"/>
        <location filename="../../ui/errors.py" line="102"/>
        <location filename="../../ui/errors.py" line="103"/>
        <location filename="../../ui/errors.py" line="104"/>
        <source>Choose another performance.</source>
        <translation>请选择其他场次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="102"/>
        <source>Sales for this performance have not opened yet.</source>
        <translation>该场次尚未开售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="103"/>
        <source>Sales for this performance have closed.</source>
        <translation>该场次已停售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="104"/>
        <source>This outlet may not sell this performance.</source>
        <translation>本售票点不能销售该场次。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="106"/>
        <source>Offline, one sale may not be this large.</source>
        <translation>离线时单笔销售不能超过限额。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="107"/>
        <source>Split the order, or wait until the terminal is online.</source>
        <translation>请拆分订单，或等待终端联网。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="110"/>
        <source>The offline sales limit has been reached.</source>
        <translation>已达到离线销售总额上限。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="111"/>
        <source>Wait until the terminal is online, or call a supervisor.</source>
        <translation>请等待终端联网，或联系值班主管。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="114"/>
        <source>The terminal has been offline too long to sell.</source>
        <translation>终端离线时间过长，已停止售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="115"/>
        <source>Check the network; selling resumes when central is reachable.</source>
        <translation>请检查网络；连上中心后即可恢复售票。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="119"/>
        <source>This cannot be sold now.</source>
        <translation>现在无法出售。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="119"/>
        <source>Change the cart and try again.</source>
        <translation>请修改购物车后重试。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="133"/>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="133"/>
        <source>The request was refused.</source>
        <translation>请求被拒绝。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="137"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="138"/>
        <source>Something went wrong inside the app. It was written to the log.</source>
        <translation>程序内部出错，已记录到日志。</translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="139"/>
        <source>Try again; if it happens again, call a supervisor.</source>
        <translation>请重试；如再次出现，请联系值班主管。</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <location filename="../../ui/keys.py" line="34"/>
        <source>Show this list of keys</source>
        <translation>显示快捷键列表</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="35"/>
        <source>Modes: Sell, Pickup, Door, Shift, Settings</source>
        <translation>模式：售票、取票、检票、班次、设置</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="36"/>
        <source>Lock the terminal (unlock with your PIN)</source>
        <translation>锁定终端（用密码解锁）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="37"/>
        <source>Search performances (type, then ↓ and Enter to choose)</source>
        <translation>搜索场次（输入后按 ↓ 和 Enter 选择）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="38"/>
        <source>Refresh the performance list</source>
        <translation>刷新场次列表</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="39"/>
        <source>Standing quantity (type a number, Enter adds to the cart)</source>
        <translation>站票数量（输入数字，按 Enter 加入购物车）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="40"/>
        <source>Seat map (type a number, then B: best available)</source>
        <translation>座位图（输入数字，再按 B：最佳连座）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="41"/>
        <source>Next concession for the selected cart line</source>
        <translation>切换所选票的票种</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="42"/>
        <source>Remove the selected cart line</source>
        <translation>删除所选票</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="43"/>
        <source>Enter a coupon code</source>
        <translation>输入优惠券码</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="44"/>
        <source>Enter a member number</source>
        <translation>输入会员号</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="45"/>
        <source>Clear the cart</source>
        <translation>清空购物车</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="46"/>
        <source>Pay</source>
        <translation>收款</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="47"/>
        <source>Cash / card amount field</source>
        <translation>现金 / 刷卡金额栏</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="48"/>
        <source>Cash quick amounts: exact, next 10, next 50, next 100</source>
        <translation>现金快捷金额：正好、凑整 10、50、100</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="49"/>
        <source>The whole total by card (then type the approval code)</source>
        <translation>全额刷卡（然后输入授权码）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="50"/>
        <source>Take the payment and sell</source>
        <translation>收款并出票</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="51"/>
        <source>Back to the cart</source>
        <translation>返回购物车</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="52"/>
        <source>Zoom in / out</source>
        <translation>放大 / 缩小</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="53"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="54"/>
        <source>Best available seats together (quantity typed before)</source>
        <translation>最佳连座（先输入数量）</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="55"/>
        <source>Add the selected seats to the cart</source>
        <translation>将所选座位加入购物车</translation>
    </message>
    <message>
        <location filename="../../ui/keys.py" line="56"/>
        <source>Clear the seat selection</source>
        <translation>清除所选座位</translation>
    </message>
</context>
</TS>
